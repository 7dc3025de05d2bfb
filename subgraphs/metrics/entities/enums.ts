import { registerEnumType } from 'type-graphql';
import { TicketKind, TicketQueue } from '../../../lib/federated-types';

export { TicketKind, TicketQueue };

/** The eight columns of the report's "Tableau de synthèse des données techniques", in its order. */
export enum IndicatorCode {
  DEPLOYMENTS = 'DEPLOYMENTS',
  PAGE_VIEWS = 'PAGE_VIEWS',
  MAILBOXES = 'MAILBOXES',
  CITRIX_USERS = 'CITRIX_USERS',
  SUPPORT_TICKETS = 'SUPPORT_TICKETS',
  TECHNICAL_TICKETS = 'TECHNICAL_TICKETS',
  MONITORED_HOSTS = 'MONITORED_HOSTS',
  VIRTUAL_SERVERS = 'VIRTUAL_SERVERS',
}

export enum TicketGrouping {
  MEMBER = 'MEMBER',
  MONTH = 'MONTH',
  QUEUE = 'QUEUE',
  KIND = 'KIND',
}

/** The platforms whose availability rate the report charts (III.B.1). */
export enum AvailabilityPlatform {
  ORACLE = 'ORACLE',
  INTERNET = 'INTERNET',
  NETWORK = 'NETWORK',
  CITRIX = 'CITRIX',
  WINDOWS = 'WINDOWS',
  APPLI_WEB = 'APPLI_WEB',
}

/** Every queue and kind, in display order (the enums are shared with operations through lib/federated-types.ts). */
export const TICKET_QUEUES: string[] = Object.values(TicketQueue);
export const TICKET_KINDS: string[] = Object.values(TicketKind);

registerEnumType(IndicatorCode, {
  name: 'IndicatorCode',
  description: 'An indicator of the report’s synthesis table of technical data (III.A)',
  valuesConfig: {
    DEPLOYMENTS: { description: 'Mises en production (deployments to production) in the year' },
    PAGE_VIEWS: { description: 'Pages consultées (pages viewed) in the year' },
    MAILBOXES: { description: 'Boîtes mail (mailboxes)' },
    CITRIX_USERS: { description: 'Utilisateurs Citrix (Citrix accounts)' },
    SUPPORT_TICKETS: { description: 'Tickets Support: tickets of the user-support desk (SAU) in the year' },
    TECHNICAL_TICKETS: { description: 'Tickets techniques: the production team’s technical tickets in the year' },
    MONITORED_HOSTS: { description: 'Hôtes supervisés (monitored hosts)' },
    VIRTUAL_SERVERS: { description: 'Serveurs virtuels (virtual servers)' },
  },
});
registerEnumType(TicketGrouping, {
  name: 'TicketGrouping',
  description: 'How ticketVolume groups a year’s tickets: by member, by month of opening (Europe/Paris), by queue or by kind',
});
registerEnumType(AvailabilityPlatform, {
  name: 'AvailabilityPlatform',
  description:
    'ORACLE (databases), INTERNET (browsing and internet services), NETWORK (fibre and leased lines between sites), CITRIX, WINDOWS and APPLI_WEB (application services)',
});
