import { Arg, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { DataPoint, Indicator, IndicatorCode, IndicatorRecord, type IndicatorValueRecord } from '../entities';
import type { MetricsContext } from '../loaders';
import { checkYear, yearRange } from '../validation';

const toIndicator = (record: IndicatorRecord) =>
  Object.assign(new Indicator(), { code: record.code, label: record.label, unit: record.unit, description: record.description, position: record.position });

/** (value − previous) / previous; null when either is missing or the previous is 0 (no finite relative change). */
export function relativeChange(previous: number | null | undefined, value: number | null): number | null {
  if (previous === null || previous === undefined || value === null || previous === 0) return null;
  return (value - previous) / previous;
}

/** The series with each point's change from the previous reported point (computed over the whole series). */
export function seriesOf(points: readonly IndicatorValueRecord[]): DataPoint[] {
  return points.map((point, index) =>
    Object.assign(new DataPoint(), {
      year: point.year,
      value: point.value,
      change: index === 0 ? null : relativeChange(points[index - 1].value, point.value),
      source: point.source,
    }),
  );
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => [Indicator], { description: 'The indicators of the report’s synthesis table, in its column order' })
  async indicators(@Ctx() { em }: MetricsContext): Promise<Indicator[]> {
    const records = await em.find(IndicatorRecord, {}, { orderBy: { position: 'asc' } });
    return records.map(toIndicator);
  }

  @Query(() => Indicator, { nullable: true })
  async indicator(@Arg('code', () => IndicatorCode) code: IndicatorCode, @Ctx() { em }: MetricsContext): Promise<Indicator | null> {
    const record = await em.findOne(IndicatorRecord, { code });
    return record ? toIndicator(record) : null;
  }

  @FieldResolver(() => [DataPoint], {
    description:
      'Reported years between from and to (inclusive, both optional), oldest first. A year of the table with a blank cell is a point with value null; ' +
      'a year the source does not cover has no point. `change` compares with the previous reported point even when it lies before `from`.',
  })
  async series(
    @Root() indicator: Indicator,
    @Arg('from', () => Int, { nullable: true }) from: number | undefined,
    @Arg('to', () => Int, { nullable: true }) to: number | undefined,
    @Ctx() { loaders }: MetricsContext,
  ): Promise<DataPoint[]> {
    const range = yearRange(from, to);
    const points = seriesOf(await loaders.pointsByCode.load(indicator.code));
    return points.filter((point) => point.year >= range.from && point.year <= range.to);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The figure reported for the year; null when not reported' })
  async value(
    @Root() indicator: Indicator,
    @Arg('year', () => Int) year: number,
    @Ctx() { loaders }: MetricsContext,
  ): Promise<number | null> {
    checkYear(year);
    const points = await loaders.pointsByCode.load(indicator.code);
    return points.find((point) => point.year === year)?.value ?? null;
  }
}
