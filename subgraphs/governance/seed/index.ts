import { randomUUID } from 'node:crypto';
import { type EntityManager } from '../../../lib/orm';
import { runSeedOnce } from '../../../lib/seed';
import { Delegate, DelegateRole, Member, OrgUnit } from '../entities';
import { DELEGATE_PAIRS, MEMBERS, ORG_UNITS, PRESIDENT } from './report-2018';

/** Stable, readable ids derived from the natural key: BOBIGNY → bobigny, LE_BLANC_MESNIL → le-blanc-mesnil. */
export const idFromCode = (code: string) => code.toLowerCase().replace(/_/g, '-');

export async function seedGovernance(em: EntityManager): Promise<void> {
  await runSeedOnce(em, 'governance', 'report-2018', async (tx) => {
    MEMBERS.forEach((member, position) => tx.create(Member, { ...member, id: idFromCode(member.code), position }));
    // Delegates reference members by a plain column, so the ORM cannot order the inserts itself.
    await tx.flush();
    for (const pair of DELEGATE_PAIRS) {
      for (const [role, person] of [
        [DelegateRole.TITULAR, pair.titular],
        [DelegateRole.SUBSTITUTE, pair.substitute],
      ] as const) {
        const isPresident =
          pair.memberCode === PRESIDENT.memberCode &&
          role === PRESIDENT.role &&
          person.firstName === PRESIDENT.firstName &&
          person.lastName === PRESIDENT.lastName;
        tx.create(Delegate, { id: randomUUID(), memberId: idFromCode(pair.memberCode), seat: pair.seat, role, ...person, isPresident });
      }
    }
    ORG_UNITS.forEach((unit, position) => tx.create(OrgUnit, { ...unit, id: idFromCode(unit.code), position }));
  });
}
