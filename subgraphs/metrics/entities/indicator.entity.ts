import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { FactProvenance } from '../../../lib/field-provenance';
import type { IndicatorCode } from './enums';

/** One indicator of the synthesis table (its column), with the label the report prints. */
@Entity({ tableName: 'indicator' })
export class IndicatorRecord {
  [OptionalProps]?: 'storedProvenance';

  @PrimaryKey({ type: 'text' })
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
  @PrimaryKey({ type: 'text' })
  code!: IndicatorCode;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'double', nullable: true })
  value!: number | null;

  @Property({ type: 'text' })
  source!: string;
}
