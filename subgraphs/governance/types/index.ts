export { AppointDelegateInput, Council } from './council';
export { PostalAddress } from './postal-address';
export { StaffSummary } from './staff';
