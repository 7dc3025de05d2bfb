import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { StoredProvenance } from '../../../lib/provenance';
import type { IndicatorCode } from './enums';

/** One indicator of the synthesis table (its column), with the label the report prints. */
@Entity({ tableName: 'indicator' })
export class IndicatorRecord {
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
}

/**
 * One cell of the synthesis table: a reported year of an indicator. `value` null is a blank cell
 * (the year is in the table, the figure is not); a year absent from the table has no row.
 */
@Entity({ tableName: 'indicator_value' })
export class IndicatorValueRecord {
  /** Both have database defaults (the 2018 seed sets neither: see the indicator history migration). */
  [OptionalProps]?: 'version' | 'provenance';

  @PrimaryKey({ type: 'text' })
  code!: IndicatorCode;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'double', nullable: true })
  value!: number | null;

  @Property({ type: 'text' })
  source!: string;

  /** 1 when first recorded, raised by one at each replacement (by the table's trigger, which also keeps the history). */
  @Property({ type: 'integer', default: 1 })
  version!: number;

  /** Never null in the table; `nullable` only lets the ORM leave the column out (its default) when a writer sets none. */
  @Property({ type: 'json', nullable: true })
  provenance!: StoredProvenance;
}
