export { ApplicationCount, Discrepancy, TicketVolumeRow } from './aggregates';
export { AvailabilityPoint, AvailabilitySeries, RecordAvailabilityInput } from './availability';
export { DataPoint, DataPointVersion, Indicator, RecordIndicatorValueInput } from './indicators';
