import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { findOrgUnits, staffTotals } from '../data/org-units';
import { OrgMission, OrgTeam, OrgUnit } from '../entities';
import type { GovernanceContext } from '../loaders';
import { StaffSummary } from '../types';

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Query(() => [OrgUnit], { description: 'The SII’s departments, in the order of the report’s staff table' })
  async orgUnits(@Ctx() { em }: GovernanceContext): Promise<OrgUnit[]> {
    return findOrgUnits(em);
  }

  @Query(() => StaffSummary)
  async staff(@Ctx() { em }: GovernanceContext): Promise<StaffSummary> {
    const { women, men } = await staffTotals(em);
    return Object.assign(new StaffSummary(), { women, men, total: women + men });
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  async changes(
    @Root() unit: OrgUnit,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: GovernanceContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'OrgUnit', unit.id, first, after);
  }

  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description:
      'The unit it reports to (null for the Direction Générale). The report prints Administration’s attachment to the Directrice Générale; ' +
      'the others are the hub’s reading (see fieldProvenance "reportsTo")',
  })
  async reportsTo(@Root() unit: OrgUnit, @Ctx() { loaders }: GovernanceContext): Promise<OrgUnit | null> {
    return unit.reportsToId === null ? null : loaders.orgUnitById.load(unit.reportsToId);
  }

  @FieldResolver(() => [OrgUnit], { description: 'The units that report to this one' })
  async units(@Root() unit: OrgUnit, @Ctx() { loaders }: GovernanceContext): Promise<OrgUnit[]> {
    return loaders.orgUnitsByReportsToId.load(unit.id);
  }

  @FieldResolver(() => [OrgTeam], { description: 'Its teams, e.g. Production’s "Support technique" and "Exploitation"' })
  async teams(@Root() unit: OrgUnit, @Ctx() { loaders }: GovernanceContext): Promise<OrgTeam[]> {
    return loaders.teamsByOrgUnitId.load(unit.id);
  }

  @FieldResolver(() => [OrgMission], { description: 'Its missions with their tasks, e.g. Administration’s four' })
  async missions(@Root() unit: OrgUnit, @Ctx() { loaders }: GovernanceContext): Promise<OrgMission[]> {
    return loaders.missionsByOrgUnitId.load(unit.id);
  }
}

async function owningUnit(orgUnitId: string, { loaders }: GovernanceContext): Promise<OrgUnit> {
  const unit = await loaders.orgUnitById.load(orgUnitId);
  if (!unit) throw new Error(`Org unit ${orgUnitId} is missing`);
  return unit;
}

@Resolver(() => OrgTeam)
export class OrgTeamResolver {
  @FieldResolver(() => OrgUnit)
  orgUnit(@Root() team: OrgTeam, @Ctx() context: GovernanceContext): Promise<OrgUnit> {
    return owningUnit(team.orgUnitId, context);
  }
}

@Resolver(() => OrgMission)
export class OrgMissionResolver {
  @FieldResolver(() => OrgUnit)
  orgUnit(@Root() mission: OrgMission, @Ctx() context: GovernanceContext): Promise<OrgUnit> {
    return owningUnit(mission.orgUnitId, context);
  }
}
