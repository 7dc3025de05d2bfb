import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import type { MetricsContext } from '../loaders';
import { dataPointId, recordIndicatorValue } from '../services/indicator-values';
import { dataPointHistory } from '../services/indicators';
import { DataPoint, DataPointVersion, RecordIndicatorValueInput } from '../types';

@Resolver(() => DataPoint)
export class DataPointResolver {
  @FieldResolver(() => [DataPointVersion], { description: 'Earlier states of the figure, newest first; empty when it was never replaced' })
  async history(@Root() point: DataPoint, @Ctx() { loaders }: MetricsContext): Promise<DataPointVersion[]> {
    return dataPointHistory(loaders, point);
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'The figure’s audit entries, newest first. SII_STAFF only' })
  async changes(
    @Root() point: DataPoint,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: MetricsContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'DataPoint', dataPointId(point.code, point.year), first, after);
  }

  @Mutation(() => DataPoint, {
    description:
      'Records a figure of the synthesis table, or replaces one (send the expectedVersion you read: a stale or missing one is CONFLICT). ' +
      'The replaced figure stays in DataPoint.history; provenance MUTATION with the author. SII_STAFF only',
  })
  async recordIndicatorValue(
    @Arg('input', () => RecordIndicatorValueInput) input: RecordIndicatorValueInput,
    @Ctx() { em, viewer, requestId }: MetricsContext,
  ): Promise<DataPoint> {
    return recordIndicatorValue(em, viewer, input, requestId);
  }
}
