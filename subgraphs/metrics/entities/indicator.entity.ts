import { Check, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { FactProvenance } from '../../../lib/field-provenance';
import type { StoredProvenance } from '../../../lib/provenance';
import { IndicatorCode } from './enums';

/** The provenance column's default (migration …20261203000000_metrics_indicator_history), in jsonb's own text form. */
const REPORT_2018_SYNTHESIS_DEFAULT =
  `'{"kind": "REPORT", "section": "III.A Tableau de synthèse des données techniques", "document": "Rapport d’activité SII 2018"}'::jsonb`;

/** One indicator of the synthesis table (its column), with the label the report prints. */
@Entity({ tableName: 'indicator' })
export class IndicatorRecord {
  [OptionalProps]?: 'storedProvenance';

  @Enum({ items: () => IndicatorCode, type: 'text', primary: true })
  code!: IndicatorCode;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'text' })
  unit!: string;

  @Property({ type: 'text' })
  description!: string;

  /** Column order of the report's table. */
  @Property({ type: 'integer' })
  position!: number;

  /** Where the column comes from (lib/field-provenance.ts); null only in a database the upgrade step has not reached. */
  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;
}

/**
 * One cell of the synthesis table: a reported year of an indicator. `value` null is a blank cell
 * (the year is in the table, the figure is not); a year absent from the table has no row.
 */
@Entity({ tableName: 'indicator_value' })
export class IndicatorValueRecord {
  /** Both have database defaults (the 2018 seed sets neither: see the indicator history migration). */
  [OptionalProps]?: 'version' | 'provenance';

  /** The indicator's code; a foreign key, mapped to the code alone (no IndicatorRecord is loaded with a value). */
  @ManyToOne(() => IndicatorRecord, {
    primary: true,
    fieldName: 'code',
    mapToPk: true,
    foreignKeyName: 'indicator_value_code_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  code!: IndicatorCode;

  @PrimaryKey({ type: 'integer' })
  @Check({ name: 'indicator_value_year_check', expression: 'year >= 1900 and year <= 2100' })
  year!: number;

  @Property({ type: 'double', nullable: true })
  // The bound cast as PostgreSQL prints it, or MikroORM's schema diff would see another expression.
  @Check({ name: 'indicator_value_value_check', expression: 'value is null or value >= 0::double precision' })
  value!: number | null;

  @Property({ type: 'text' })
  @Check({ name: 'indicator_value_source_check', expression: 'length(trim(both from source)) > 0' })
  source!: string;

  /** 1 when first recorded, raised by one at each replacement (by the table's trigger, which also keeps the history). */
  @Property({ type: 'integer', default: 1 })
  @Check({ name: 'indicator_value_version_check', expression: 'version >= 1' })
  version!: number;

  /** Defaults to the 2018 report's synthesis table (the 2018 seed sets none), as PostgreSQL prints the migration's default back. */
  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: REPORT_2018_SYNTHESIS_DEFAULT })
  @Check({ name: 'indicator_value_provenance_check', expression: "jsonb_typeof(provenance) = 'object'::text and provenance ? 'kind'::text" })
  provenance!: StoredProvenance;
}
