import { Arg, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { IndicatorCode } from '../entities';
import type { MetricsContext } from '../loaders';
import { indicatorByCode, indicatorSeries, indicatorValue, listIndicators } from '../services/indicators';
import { DataPoint, Indicator } from '../types';

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => [Indicator], { description: 'The indicators of the report’s synthesis table, in its column order' })
  async indicators(@Ctx() { em }: MetricsContext): Promise<Indicator[]> {
    return listIndicators(em);
  }

  @Query(() => Indicator, { nullable: true })
  async indicator(@Arg('code', () => IndicatorCode) code: IndicatorCode, @Ctx() { em }: MetricsContext): Promise<Indicator | null> {
    return indicatorByCode(em, code);
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
    return indicatorSeries(loaders, indicator.code, from, to);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The figure reported for the year; null when not reported' })
  async value(
    @Root() indicator: Indicator,
    @Arg('year', () => Int) year: number,
    @Ctx() { loaders }: MetricsContext,
  ): Promise<number | null> {
    return indicatorValue(loaders, indicator.code, year);
  }
}
