export { DeploymentConnection, DeploymentEdge } from './deployment-connection';
export { RecordDeploymentInput } from './deployment-inputs';
export { TicketConnection, TicketEdge, TicketStatusChangeConnection, TicketStatusChangeEdge } from './ticket-connection';
export { ChangeTicketStatusInput, OpenTicketInput, TicketFilter } from './ticket-inputs';
export { RecordProjectInput } from './project-inputs';
