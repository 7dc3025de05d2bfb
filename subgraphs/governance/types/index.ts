export { AppointDelegateInput, Council } from './council';
export { StaffSummary } from './staff';
