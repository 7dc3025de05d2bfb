export * from './enums';
export { Member } from './member.entity';
export { Delegate } from './delegate.entity';
export { OrgMission, OrgTeam, OrgUnit } from './org-unit.entity';
export { Organization, QualityProcess, QualitySystem } from './organization.entity';
