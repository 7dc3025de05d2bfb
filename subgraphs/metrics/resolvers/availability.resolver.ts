import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { AvailabilityPlatform } from '../entities';
import type { MetricsContext } from '../loaders';
import { availabilitySeries, recordAvailability } from '../services/availability';
import { AvailabilityPoint, AvailabilitySeries, RecordAvailabilityInput } from '../types';

@Resolver()
export class AvailabilityResolver {
  @Query(() => [AvailabilitySeries], {
    description:
      'Availability rate series per platform (all six, or the one asked), recorded years between from and to. The 2018 report charts them without figures: empty until SII staff records some.',
  })
  async availability(
    @Arg('platform', () => AvailabilityPlatform, { nullable: true }) platform: AvailabilityPlatform | undefined,
    @Arg('from', () => Int, { nullable: true }) from: number | undefined,
    @Arg('to', () => Int, { nullable: true }) to: number | undefined,
    @Ctx() { em }: MetricsContext,
  ): Promise<AvailabilitySeries[]> {
    return availabilitySeries(em, platform, from, to);
  }

  @Mutation(() => AvailabilityPoint, {
    description: 'Records (or corrects) the availability rate of a platform for a year; SII_STAFF only',
  })
  async recordAvailability(
    @Arg('input', () => RecordAvailabilityInput) input: RecordAvailabilityInput,
    @Ctx() { em, viewer, requestId }: MetricsContext,
  ): Promise<AvailabilityPoint> {
    return recordAvailability(em, viewer, input, requestId);
  }
}
