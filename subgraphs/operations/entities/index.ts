export * from './enums';
export { Member, Application, memberStub, applicationStub } from './stubs';
export { Ticket } from './ticket.entity';
export { TicketStatusChange } from './ticket-status-change.entity';
export { Deployment } from './deployment.entity';
export { Project } from './project.entity';
export { SlaPolicy } from './sla-policy.entity';
