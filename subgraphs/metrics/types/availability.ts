import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { AvailabilityPlatform } from '../entities';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@ObjectType({ description: 'A recorded yearly availability rate' })
@publicHint(CACHE_MAX_AGE.figures)
export class AvailabilityPoint {
  @Field(() => AvailabilityPlatform)
  platform!: AvailabilityPlatform;

  @Field(() => Int)
  year!: number;

  @Field(() => Float, { description: 'Availability rate in percent (0–100), e.g. 99.95' })
  rate!: number;

  @Field(() => String)
  source!: string;

  @Field(() => String, { description: 'When it was recorded (ISO 8601 date-time)' })
  recordedAt!: string;
}

@ObjectType({ description: 'The availability series of one platform' })
@publicHint(CACHE_MAX_AGE.figures)
export class AvailabilitySeries {
  @Field(() => AvailabilityPlatform)
  platform!: AvailabilityPlatform;

  @Field(() => String)
  label!: string;

  @Field(() => [AvailabilityPoint], { description: 'Recorded years, oldest first; empty until SII staff records figures' })
  points!: AvailabilityPoint[];
}

@InputType({ description: 'One yearly availability rate of a platform' })
export class RecordAvailabilityInput {
  @Field(() => AvailabilityPlatform)
  platform!: AvailabilityPlatform;

  @Field(() => Int)
  year!: number;

  @Field(() => Float, { description: 'Percent, 0–100 (e.g. 99.95), at most 3 decimals' })
  rate!: number;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from; default "Recorded by <token subject>"' })
  source?: string | null;
}
