export { AppointDelegateInput, Council } from './council';
export { StaffSummary } from './staff';
export { CreateApiKeyInput, CreatedApiKey } from './api-keys';
