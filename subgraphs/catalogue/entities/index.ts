export * from './enums';
export { Domain } from './domain.entity';
export { Application } from './application.entity';
export { ServiceOffering } from './service-offering.entity';
export { Portfolio, PortfolioRow } from './portfolio.entity';
