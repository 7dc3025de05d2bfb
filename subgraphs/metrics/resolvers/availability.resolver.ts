import { Arg, Ctx, Field, Float, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireStaff } from '../../../lib/auth';
import { badUserInput } from '../../../lib/errors';
import { AvailabilityPlatform, AvailabilityPoint, AvailabilitySeries } from '../entities';
import type { MetricsContext } from '../loaders';
import { AVAILABILITY_PLATFORMS } from '../seed/report-2018';
import { checkYear, yearRange } from '../validation';

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

const MAX_SOURCE_LENGTH = 200;

interface AvailabilityRow {
  platform: AvailabilityPlatform;
  year: number;
  rate: number;
  source: string;
  recorded_at: Date;
}

const toPoint = (row: AvailabilityRow) =>
  Object.assign(new AvailabilityPoint(), {
    platform: row.platform,
    year: row.year,
    rate: row.rate,
    source: row.source,
    recordedAt: new Date(row.recorded_at).toISOString(),
  });

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
    const range = yearRange(from, to);
    const platforms = AVAILABILITY_PLATFORMS.filter((entry) => !platform || entry.platform === platform);
    const rows = await em.execute<AvailabilityRow[]>(
      `select platform, year, rate, source, recorded_at from "metrics"."availability"
       where year between ? and ? ${platform ? 'and platform = ?' : ''} order by platform, year`,
      platform ? [range.from, range.to, platform] : [range.from, range.to],
    );
    return platforms.map((entry) =>
      Object.assign(new AvailabilitySeries(), {
        platform: entry.platform,
        label: entry.label,
        points: rows.filter((row) => row.platform === entry.platform).map(toPoint),
      }),
    );
  }

  @Mutation(() => AvailabilityPoint, {
    description: 'Records (or corrects) the availability rate of a platform for a year; SII_STAFF only',
  })
  async recordAvailability(
    @Arg('input', () => RecordAvailabilityInput) input: RecordAvailabilityInput,
    @Ctx() { em, viewer }: MetricsContext,
  ): Promise<AvailabilityPoint> {
    requireStaff(viewer);
    checkYear(input.year);
    if (input.year > new Date().getUTCFullYear()) throw badUserInput('year must not be in the future', { field: 'year' });
    if (!Number.isFinite(input.rate) || input.rate < 0 || input.rate > 100) {
      throw badUserInput('rate is a percentage between 0 and 100', { field: 'rate' });
    }
    if (Math.round(input.rate * 1000) / 1000 !== input.rate) throw badUserInput('rate has at most 3 decimals', { field: 'rate' });
    const source = (input.source ?? `Recorded by ${viewer.subject}`).trim().replace(/\s+/g, ' ');
    if (source.length === 0) throw badUserInput('source must not be empty', { field: 'source' });
    if (source.length > MAX_SOURCE_LENGTH) throw badUserInput(`source must be at most ${MAX_SOURCE_LENGTH} characters`, { field: 'source' });
    // One statement: the figure is either stored whole or not at all.
    const [row] = await em.execute<AvailabilityRow[]>(
      `insert into "metrics"."availability" (platform, year, rate, source, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, now())
       on conflict (platform, year) do update
         set rate = excluded.rate, source = excluded.source, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
       returning platform, year, rate, source, recorded_at`,
      [input.platform, input.year, input.rate, source, viewer.subject],
    );
    return toPoint(row);
  }
}
