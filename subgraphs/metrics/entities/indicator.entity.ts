import { Check, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { FactProvenance } from '../../../lib/field-provenance';
import { IndicatorCode } from './enums';

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
}
