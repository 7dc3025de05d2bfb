import { type FactProvenance, withFields } from '../../../lib/field-provenance';
import { fromReport2018, hubChoice } from '../../../lib/provenance';
import { AvailabilityPlatform, IndicatorCode } from '../entities/enums';

/**
 * Section III of the SII's 2018 activity report, transcribed by hand.
 *
 * "Tableau de synthèse des données techniques" (III.A), exactly as printed: a blank cell is null
 * (not reported), a printed 0 is 0. In 2006 the report gives no deployments, no support and no
 * technical tickets (blank), and 0 virtual servers (printed). Thousands separators of the scan
 * ("179 838 240", "1 693") are dropped. Values are floats: page views pass 2^31.
 */

export const INDICATOR_SOURCE_2018 = "Rapport d'activité SII 2018, tableau de synthèse";

export interface IndicatorSeed {
  code: IndicatorCode;
  /** Column header as printed. */
  label: string;
  unit: string;
  description: string;
}

/** Columns in the report's order. */
export const INDICATORS: IndicatorSeed[] = [
  { code: IndicatorCode.DEPLOYMENTS, label: 'Mises en Production', unit: 'mises en production', description: 'Deployments to production in the year' },
  { code: IndicatorCode.PAGE_VIEWS, label: 'Pages consultées', unit: 'pages', description: 'Pages viewed in the year' },
  { code: IndicatorCode.MAILBOXES, label: 'Boites mail', unit: 'boîtes', description: 'Mailboxes' },
  { code: IndicatorCode.CITRIX_USERS, label: 'Utilisateurs Citrix', unit: 'utilisateurs', description: 'Citrix accounts' },
  { code: IndicatorCode.SUPPORT_TICKETS, label: 'Tickets Support', unit: 'tickets', description: 'Tickets of the user-support desk (SAU) in the year' },
  { code: IndicatorCode.TECHNICAL_TICKETS, label: 'Tickets techniques', unit: 'tickets', description: 'Technical tickets of the production team in the year' },
  { code: IndicatorCode.MONITORED_HOSTS, label: 'Hôtes supervisés', unit: 'hôtes', description: 'Monitored hosts' },
  { code: IndicatorCode.VIRTUAL_SERVERS, label: 'Serveurs virtuels', unit: 'serveurs', description: 'Virtual servers' },
];

/** An indicator is a column of the table: its label is printed; its unit and description are the hub's words. */
export const indicatorProvenance = (_indicator: IndicatorSeed): FactProvenance =>
  withFields(fromReport2018('III.A Tableau de synthèse des données techniques'), {
    unit: hubChoice('The table prints no units; the hub names what one unit counts'),
    description: hubChoice('The table prints only the column header; the description is the hub’s'),
    code: hubChoice('The hub’s enum value (API.md)'),
  });

type Row = [year: number, ...values: (number | null)[]];

/** Rows of the table: year, then the eight columns in the order of INDICATORS. */
export const INDICATOR_TABLE_2018: Row[] = [
  [2006, null, 179_838_240, 1872, 1693, null, null, 102, 0],
  [2011, 38, 741_235_200, 3250, 2479, 1497, 1214, 215, 190],
  [2016, 62, 1_071_189_804, 4807, 3729, 4326, 2599, 302, 257],
  [2017, 88, 1_327_647_294, 3509, 3757, 4183, 3109, 288, 291],
  [2018, 77, 860_979_432, 3974, 3364, 4490, 3190, 256, 270],
];

/** Platforms of "Le Taux de Disponibilité" (III.B.1); the report's chart gives no figures, so none is seeded. */
export const AVAILABILITY_PLATFORMS: { platform: AvailabilityPlatform; label: string }[] = [
  { platform: AvailabilityPlatform.ORACLE, label: 'ORACLE (bases de données)' },
  { platform: AvailabilityPlatform.INTERNET, label: 'Internet (flux de navigation et services issus de l’internet)' },
  { platform: AvailabilityPlatform.NETWORK, label: 'Réseau (interconnexion des sites : fibre optique et liaisons spécialisées)' },
  { platform: AvailabilityPlatform.CITRIX, label: 'CITRIX' },
  { platform: AvailabilityPlatform.WINDOWS, label: 'WINDOWS' },
  { platform: AvailabilityPlatform.APPLI_WEB, label: 'APPLI_WEB' },
];
