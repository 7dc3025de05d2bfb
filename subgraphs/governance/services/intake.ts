import type { Actor } from '../../../lib/audit';
import { changedFields, recordChange } from '../../../lib/audit';
import { afterWrite, writtenBy } from '../../../lib/field-provenance';
import { type Candidate, closestNames, didYouMean, type DiffItem, findByName, type IntakePath, type IntakeProblem, type SectionDiff } from '../../../lib/intake';
import type { EntityManager } from '../../../lib/orm';
import { addDelegate, deleteDelegate, lockDelegatesOfMembers } from '../data/delegates';
import { findMembers } from '../data/members';
import { findOrgUnits, updateOrgUnitHeadcount } from '../data/org-units';
import { type Delegate, DelegateRole, type Member, type OrgUnit } from '../entities';
import { recordDelegateChange } from './delegates';

/*
 * Governance's part of the yearly intake (`npm run intake`): the seats of the council that change,
 * the headcount of each department, and the member codes other sections name. Run inside the
 * intake's transaction: what it writes is undone with everything else when any problem is found.
 */

export interface MemberReference {
  code: string;
  path: IntakePath;
}

export interface SeatRow {
  member: string;
  seat: number;
  role: 'TITULAR' | 'SUBSTITUTE';
  /** null: the seat is vacant from now on. */
  person: { firstName: string; lastName: string } | null;
  path: IntakePath;
}

export interface HeadcountRow {
  unit: string;
  women: number;
  men: number;
  path: IntakePath;
}

export interface GovernanceIntake {
  members: MemberReference[];
  seats: SeatRow[];
  staff: HeadcountRow[];
}

export interface IntakeOutcome {
  problems: IntakeProblem[];
  diffs: SectionDiff[];
}

const memberCandidates = (members: readonly Member[]): Candidate<Member>[] => members.map((member) => ({ names: [member.code, member.name], value: member }));

function unknownMember(code: string, members: readonly Member[], path: IntakePath): IntakeProblem {
  const close = closestNames(code, memberCandidates(members));
  return {
    path,
    message: `unknown member “${code}”`,
    expected: `a member code: ${members.map((member) => member.code).join(', ')}`,
    hint: didYouMean(close.map((entry) => entry.value.code)),
  };
}

const personName = (person: { firstName: string; lastName: string } | null) => (person ? `${person.firstName} ${person.lastName}` : 'vacant');

/** The member a row names (code or name, accents and dashes aside), or a problem. */
function memberOf(code: string, members: readonly Member[], path: IntakePath, problems: IntakeProblem[]): Member | null {
  const member = findByName(code, memberCandidates(members));
  if (!member) problems.push(unknownMember(code, members, path));
  return member ?? null;
}

/** Checks the seats against the statutes' rule and applies the changes in `tx`; returns the problems and the diff. */
async function applySeats(tx: EntityManager, rows: readonly SeatRow[], members: readonly Member[], actor: Actor, requestId: string, problems: IntakeProblem[]): Promise<SectionDiff> {
  const diff: SectionDiff = { subgraph: 'governance', section: 'delegates', items: [], unchanged: 0 };
  const seen = new Map<string, IntakePath>();
  const valid: { row: SeatRow; member: Member }[] = [];
  for (const row of rows) {
    const member = memberOf(row.member, members, [...row.path, 'member'], problems);
    if (!member) continue;
    const key = `${member.code}|${row.seat}|${row.role}`;
    if (seen.has(key)) {
      problems.push({ path: row.path, message: `the ${row.role.toLowerCase()} of seat ${row.seat} of ${member.code} is given twice`, expected: 'each seat and role once' });
      continue;
    }
    seen.set(key, row.path);
    if (row.seat > member.seatCount) {
      problems.push({
        path: [...row.path, 'seat'],
        message: `${member.code} has no seat ${row.seat}: ${member.hasOptionalCompetences ? 'it has 2 seats' : 'it transferred only the mandatory competences and has 1 seat (one titular, one substitute)'}`,
        expected: `a seat from 1 to ${member.seatCount} (article 5.1 of the statutes)`,
      });
      continue;
    }
    valid.push({ row, member });
  }
  const current = await lockDelegatesOfMembers(tx, [...new Set(valid.map(({ member }) => member.id))]);
  for (const { row, member } of valid) {
    const occupant = current.find((delegate: Delegate) => delegate.memberId === member.id && delegate.seat === row.seat && delegate.role === row.role) ?? null;
    const label = `${member.code} seat ${row.seat} ${row.role.toLowerCase()}`;
    const before = occupant ? { firstName: occupant.firstName, lastName: occupant.lastName } : null;
    if (personName(before) === personName(row.person)) {
      diff.unchanged += 1;
      continue;
    }
    if (occupant?.isPresident) {
      problems.push({ path: row.path, message: `${label} is held by the president of the council (${personName(before)}), who cannot be replaced while presiding`, expected: 'another seat' });
      continue;
    }
    if (occupant) {
      await recordDelegateChange(tx, 'DELETE', occupant, member.code, actor, requestId);
      deleteDelegate(tx, occupant);
    }
    if (row.person) {
      // The vacated seat is freed first: the unique (member, seat, role) holds at the flush.
      if (occupant) await tx.flush();
      const appointed = addDelegate(tx, { memberId: member.id, seat: row.seat, role: row.role as DelegateRole, ...row.person });
      await recordDelegateChange(tx, 'CREATE', appointed, member.code, actor, requestId);
    }
    const item: DiffItem = { kind: !occupant ? 'added' : row.person ? 'changed' : 'removed', label, before: occupant ? personName(before) : null, after: row.person ? personName(row.person) : null };
    diff.items.push(item);
  }
  return diff;
}

const unitCandidates = (units: readonly OrgUnit[]): Candidate<OrgUnit>[] => units.map((unit) => ({ names: [unit.code, unit.name], value: unit }));

async function applyHeadcounts(tx: EntityManager, rows: readonly HeadcountRow[], actor: Actor, requestId: string, problems: IntakeProblem[]): Promise<SectionDiff> {
  const diff: SectionDiff = { subgraph: 'governance', section: 'staff', items: [], unchanged: 0 };
  const units = await findOrgUnits(tx);
  const seen = new Set<string>();
  for (const row of rows) {
    const unit = findByName(row.unit, unitCandidates(units));
    if (!unit) {
      problems.push({
        path: [...row.path, 'unit'],
        message: `unknown service “${row.unit}”`,
        expected: `a service code: ${units.map((other) => other.code).join(', ')}`,
        hint: didYouMean(closestNames(row.unit, unitCandidates(units)).map((entry) => entry.value.code)),
      });
      continue;
    }
    if (seen.has(unit.code)) {
      problems.push({ path: row.path, message: `the service ${unit.code} is given twice`, expected: 'each service once' });
      continue;
    }
    seen.add(unit.code);
    const difference = changedFields({ women: unit.women, men: unit.men }, { women: row.women, men: row.men });
    if (!difference) {
      diff.unchanged += 1;
      continue;
    }
    // The headcount is no longer the report's: its provenance becomes the intake file's.
    const storedProvenance = afterWrite(unit.storedProvenance, ['headcount', 'women', 'men'], writtenBy(actor));
    await updateOrgUnitHeadcount(tx, unit.id, { women: row.women, men: row.men, storedProvenance });
    await recordChange(tx, 'governance', { entity: 'OrgUnit', entityId: unit.id, action: 'UPDATE', ...difference, actor, requestId });
    diff.items.push({ kind: 'changed', label: `${unit.code} (women, men)`, before: `${unit.women}, ${unit.men}`, after: `${row.women}, ${row.men}` });
  }
  return diff;
}

/**
 * Applies governance's sections of an intake file in `tx`: seats, then headcounts; checks the
 * member codes other sections name. Problems are collected, never thrown: the caller rolls back.
 */
export async function applyGovernanceIntake(tx: EntityManager, intake: GovernanceIntake, actor: Actor, requestId: string): Promise<IntakeOutcome> {
  const problems: IntakeProblem[] = [];
  const members = await findMembers(tx, undefined);
  for (const reference of intake.members) memberOf(reference.code, members, reference.path, problems);
  const diffs = [await applySeats(tx, intake.seats, members, actor, requestId, problems), await applyHeadcounts(tx, intake.staff, actor, requestId, problems)];
  return { problems, diffs };
}

/** The member codes the hub knows, by any name a file may use for them ("Tremblay-en-France" → TREMBLAY_EN_FRANCE). */
export async function memberCodesByName(tx: EntityManager): Promise<Candidate<string>[]> {
  const members = await findMembers(tx, undefined);
  return members.map((member) => ({ names: [member.code, member.name], value: member.code }));
}
