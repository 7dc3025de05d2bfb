import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { AvailabilityPlatform } from './enums';

/** A yearly availability rate (percent) of one platform, recorded by SII staff. None is seeded. */
@Entity({ tableName: 'availability' })
export class AvailabilityRecord {
  @PrimaryKey({ type: 'text' })
  platform!: AvailabilityPlatform;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'double' })
  rate!: number;

  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;
}
