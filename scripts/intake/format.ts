/**
 * The intake file's shape, as schema/intake.schema.json describes it (the schema is the reference:
 * a file reaches this type only after it passed the schema). Format version sii-hub-intake/1.
 */

export const INTAKE_FORMAT = 'sii-hub-intake/1';

export const INDICATOR_CODES = [
  'DEPLOYMENTS',
  'PAGE_VIEWS',
  'MAILBOXES',
  'CITRIX_USERS',
  'SUPPORT_TICKETS',
  'TECHNICAL_TICKETS',
  'MONITORED_HOSTS',
  'VIRTUAL_SERVERS',
] as const;
export type IndicatorCodeName = (typeof INDICATOR_CODES)[number];

/** A row of the synthesis table: its year, some columns (null = blank cell), and the printed figures it corrects. */
export type IndicatorRow = { year: number; replaces?: Partial<Record<IndicatorCodeName, number | null>> } & Partial<Record<IndicatorCodeName, number | null>>;

export interface DeploymentRow {
  application: string;
  count: number;
}

export interface ProjectRow {
  id?: string;
  title: string;
  description?: string | null;
  area: string;
  team: 'ETUDES' | 'PRODUCTION' | 'AMO_NTIC' | 'GSQ_SAU';
  members?: string[];
  year?: number;
}

export interface DelegateRow {
  member: string;
  seat: number;
  role: 'TITULAR' | 'SUBSTITUTE';
  firstName?: string;
  lastName?: string;
  vacant?: true;
}

export interface StaffRow {
  unit: string;
  women: number;
  men: number;
}

export interface ApplicationAddition {
  id?: string;
  name: string;
  domain: string;
  description?: string | null;
  aliases?: string[];
}

export interface ApplicationRetirement {
  application: string;
  retiredOn: string;
}

export interface IntakeFile {
  format: typeof INTAKE_FORMAT;
  year: number;
  document?: string;
  sample?: boolean;
  indicators?: IndicatorRow[];
  deployments?: DeploymentRow[];
  projects?: ProjectRow[];
  delegates?: DelegateRow[];
  staff?: StaffRow[];
  catalogue?: { add?: ApplicationAddition[]; retire?: ApplicationRetirement[] };
}
