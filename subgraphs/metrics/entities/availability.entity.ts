import { Check, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { AvailabilityPlatform } from './enums';

/** A yearly availability rate (percent) of one platform, recorded by SII staff. None is seeded. */
@Entity({ tableName: 'availability' })
export class AvailabilityRecord {
  @Enum({ items: () => AvailabilityPlatform, type: 'text', primary: true })
  platform!: AvailabilityPlatform;

  @PrimaryKey({ type: 'integer' })
  @Check({ name: 'availability_year_check', expression: 'year >= 1900 and year <= 2100' })
  year!: number;

  @Property({ type: 'double' })
  // The bounds cast as PostgreSQL prints them, or MikroORM's schema diff would see another expression.
  @Check({ name: 'availability_rate_check', expression: 'rate >= 0::double precision and rate <= 100::double precision' })
  rate!: number;

  @Property({ type: 'text' })
  @Check({ name: 'availability_source_check', expression: 'length(trim(both from source)) > 0' })
  source!: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  recordedAt!: Date;
}
