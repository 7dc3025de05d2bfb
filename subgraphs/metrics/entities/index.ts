export * from './enums';
export { IndicatorRecord, IndicatorValueRecord } from './indicator.entity';
export { AvailabilityRecord } from './availability.entity';
export { Application, Member, applicationStub, memberStub } from './stubs';
