import type { EntityManager } from '../../../lib/orm';
import { Member, type MemberKind } from '../entities';

/** The members in the order of the report (cities first), optionally of one kind. */
export function findMembers(em: EntityManager, kind: MemberKind | undefined): Promise<Member[]> {
  return em.find(Member, kind ? { kind } : {}, { orderBy: { position: 'asc' } });
}

export function membersByIds(em: EntityManager, ids: readonly string[]): Promise<Member[]> {
  return em.find(Member, { id: { $in: [...ids] } });
}

export function membersByCodes(em: EntityManager, codes: readonly string[]): Promise<Member[]> {
  return em.find(Member, { code: { $in: [...codes] } });
}

export function findMemberByCode(em: EntityManager, code: string): Promise<Member | null> {
  return em.findOne(Member, { code });
}

/** Each member's position in the report's list, keyed by member id. */
export async function memberPositions(em: EntityManager): Promise<Map<string, number>> {
  const members = await em.find(Member, {}, { fields: ['id', 'position'] });
  return new Map(members.map((member) => [member.id, member.position]));
}

/** Locks the member's row until the transaction ends: serialises writes to its seats. */
export async function lockMember(em: EntityManager, memberId: string): Promise<void> {
  await em.execute('select id from "governance"."member" where id = ? for update', [memberId]);
}

/** Every member code, as plain strings, for commands (npm run import:mantis): read-only, without the ORM entities. */
export async function memberCodes(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ code: string }[]>('select code from "governance"."member" order by position');
  return rows.map((row) => row.code);
}

export function findMemberById(em: EntityManager, id: string): Promise<Member | null> {
  return em.findOne(Member, { id });
}
