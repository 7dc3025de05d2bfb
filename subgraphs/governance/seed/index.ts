import { randomUUID } from 'node:crypto';
import { recordChanges, seedActor } from '../../../lib/audit';
import { type EntityManager } from '../../../lib/orm';
import { fromReport2018 } from '../../../lib/provenance';
import { runSeedOnce } from '../../../lib/seed';
import { SeedChanges, upgradeSeededRow } from '../../../lib/seed-upgrade';
import { Delegate, DelegateRole, Member, Organization, OrgMission, OrgTeam, OrgUnit, QualityProcess, QualitySystem } from '../entities';
import { ORG_MISSIONS, ORG_TEAMS, ORG_UNIT_DETAILS, ORGANIZATION, QUALITY_PROCESSES, QUALITY_SYSTEM } from './organization-2018';
import { DELEGATE_PAIRS, delegateProvenance, MEMBERS, memberProvenance, ORG_UNITS, type PersonName, PRESIDENT } from './report-2018';
import { SECTION } from './sections';

/** Stable, readable ids derived from the natural key: BOBIGNY → bobigny, LE_BLANC_MESNIL → le-blanc-mesnil. */
export const idFromCode = (code: string) => code.toLowerCase().replace(/_/g, '-');

const SCHEMA = 'governance';
const actor = seedActor('report-2018');

const isPresident = (memberCode: string, role: DelegateRole, person: PersonName) =>
  memberCode === PRESIDENT.memberCode && role === PRESIDENT.role && person.firstName === PRESIDENT.firstName && person.lastName === PRESIDENT.lastName;

/** Every delegate of the council table with its seat, role and provenance. */
function seededDelegates() {
  return DELEGATE_PAIRS.flatMap((pair) =>
    ([
      [DelegateRole.TITULAR, pair.titular],
      [DelegateRole.SUBSTITUTE, pair.substitute],
    ] as const).map(([role, person]) => {
      const president = isPresident(pair.memberCode, role, person);
      return {
        memberId: idFromCode(pair.memberCode),
        seat: pair.seat,
        role,
        firstName: person.firstName,
        lastName: person.lastName,
        isPresident: president,
        storedProvenance: delegateProvenance(person, president),
      };
    }),
  );
}

/** Org units with what section I.B adds to the staff table. */
function seededOrgUnits() {
  return ORG_UNITS.map((unit, position) => {
    const details = ORG_UNIT_DETAILS.find((candidate) => candidate.code === unit.code);
    if (!details) throw new Error(`No section I.B details for org unit ${unit.code}`);
    return {
      id: idFromCode(unit.code),
      code: unit.code,
      name: unit.name,
      women: unit.women,
      men: unit.men,
      position,
      shortName: details.shortName,
      headTitle: details.headTitle,
      description: details.description,
      reportsToId: details.reportsTo === null ? null : idFromCode(details.reportsTo),
      storedProvenance: details.provenance,
    };
  });
}

const QUALITY_PROCESS_PROVENANCE = fromReport2018(SECTION.quality);

/** Rows of the tables that came with issue 14 (the SII, its teams, missions and quality system). */
async function addOrganisationFacts(
  tx: EntityManager,
  changes: SeedChanges,
  existing: { teams: Set<string>; missions: Set<string>; processes: Set<string>; organization: boolean; quality: boolean },
): Promise<void> {
  if (!existing.organization) {
    const { provenance, ...rest } = ORGANIZATION;
    const fields = { ...rest, storedProvenance: provenance };
    tx.create(Organization, fields);
    changes.created('Organization', ORGANIZATION.id, fields);
    // The quality system references it by a plain column: the organization row goes first.
    await tx.flush();
  }
  ORG_TEAMS.forEach(({ orgUnitCode, ...team }, position) => {
    if (existing.teams.has(team.id)) return;
    const { provenance, ...rest } = team;
    const fields = { ...rest, orgUnitId: idFromCode(orgUnitCode), position, storedProvenance: provenance };
    tx.create(OrgTeam, fields);
    changes.created('OrgTeam', team.id, fields);
  });
  ORG_MISSIONS.forEach(({ orgUnitCode, ...mission }, position) => {
    if (existing.missions.has(mission.id)) return;
    const { provenance, ...rest } = mission;
    const fields = { ...rest, orgUnitId: idFromCode(orgUnitCode), position, storedProvenance: provenance };
    tx.create(OrgMission, fields);
    changes.created('OrgMission', mission.id, fields);
  });
  if (!existing.quality) {
    const { provenance, certifiedUnitCode, ...rest } = QUALITY_SYSTEM;
    const fields = { ...rest, certifiedUnitId: idFromCode(certifiedUnitCode), storedProvenance: provenance };
    tx.create(QualitySystem, fields);
    changes.created('QualitySystem', QUALITY_SYSTEM.id, fields);
  }
  QUALITY_PROCESSES.forEach((process, position) => {
    if (existing.processes.has(process.id)) return;
    const fields = { ...process, position, storedProvenance: QUALITY_PROCESS_PROVENANCE };
    tx.create(QualityProcess, fields);
    changes.created('QualityProcess', process.id, fields);
  });
}

/** The report's governance data, into an empty schema, with one audit entry per row. */
async function seedReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(actor);
  MEMBERS.forEach((member, position) => {
    const fields = { ...member, id: idFromCode(member.code), position, storedProvenance: memberProvenance(member) };
    tx.create(Member, fields);
    changes.created('Member', fields.id, fields);
  });
  // Delegates and units reference members and units by plain columns, so the ORM cannot order the inserts itself.
  await tx.flush();
  for (const delegate of seededDelegates()) {
    const fields = { id: randomUUID(), ...delegate };
    tx.create(Delegate, fields);
    changes.created('Delegate', fields.id, fields);
  }
  for (const unit of seededOrgUnits()) {
    // Each unit reports to one listed before it: one multi-row insert satisfies the foreign key.
    tx.create(OrgUnit, unit);
    changes.created('OrgUnit', unit.id, unit);
  }
  await tx.flush();
  await addOrganisationFacts(tx, changes, { teams: new Set(), missions: new Set(), processes: new Set(), organization: false, quality: false });
  await tx.flush();
  await recordChanges(tx, SCHEMA, changes.records);
}

/**
 * Brings a database seeded before issue 14 to the same facts: provenance on the rows still as the
 * report prints them, org units' details and reporting lines, and the SII's own facts. A no-op
 * right after seedReport2018.
 */
async function upgradeReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(actor);
  const seededMembers = new Map(MEMBERS.map((member) => [member.code, member]));
  for (const member of await tx.find(Member, {})) {
    const seed = seededMembers.get(member.code);
    if (!seed) continue;
    changes.updated('Member', member.id, upgradeSeededRow(member, { expected: seed, provenance: memberProvenance(seed) }));
  }
  const delegates = await tx.find(Delegate, {});
  for (const seed of seededDelegates()) {
    const { storedProvenance, ...expected } = seed;
    const delegate = delegates.find((row) => row.memberId === seed.memberId && row.seat === seed.seat && row.role === seed.role);
    if (delegate) changes.updated('Delegate', delegate.id, upgradeSeededRow(delegate, { expected, provenance: storedProvenance }));
  }
  const units = await tx.find(OrgUnit, {});
  for (const seed of seededOrgUnits()) {
    const unit = units.find((row) => row.code === seed.code);
    if (!unit) continue;
    const { storedProvenance, ...expected } = seed;
    // Columns added by Migration20261204000000 are null in such a database.
    const corrections = { shortName: null, headTitle: null, description: null, reportsToId: null };
    changes.updated('OrgUnit', unit.id, upgradeSeededRow(unit, { expected, corrections, provenance: storedProvenance }));
  }
  await tx.flush();
  const ids = async <T extends { id: string }>(entity: new () => T) => new Set((await tx.find(entity, {})).map((row) => row.id));
  await addOrganisationFacts(tx, changes, {
    teams: await ids(OrgTeam),
    missions: await ids(OrgMission),
    processes: await ids(QualityProcess),
    organization: (await tx.count(Organization, {})) > 0,
    quality: (await tx.count(QualitySystem, {})) > 0,
  });
  await tx.flush();
  await recordChanges(tx, SCHEMA, changes.records);
}

export async function seedGovernance(em: EntityManager): Promise<void> {
  await runSeedOnce(em, SCHEMA, 'report-2018', seedReport2018);
  await runSeedOnce(em, SCHEMA, 'report-2018-fidelity', upgradeReport2018);
}
