export * from './enums';
export { Member } from './member.entity';
export { Delegate } from './delegate.entity';
export { OrgUnit } from './org-unit.entity';
