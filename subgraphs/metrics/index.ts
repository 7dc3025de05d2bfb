import 'reflect-metadata';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { Application, AvailabilityRecord, IndicatorRecord, IndicatorValueRecord, Member } from './entities';
import { createMetricsLoaders, type MetricsLoaders } from './loaders';
import { metricsMigrations } from './migrations';
import { AggregateResolver } from './resolvers/aggregate.resolver';
import { AvailabilityResolver } from './resolvers/availability.resolver';
import { ChangeResolver } from './resolvers/change.resolver';
import { DataPointResolver } from './resolvers/data-point.resolver';
import { ApplicationMetricsResolver, MemberMetricsResolver } from './resolvers/entity-extensions.resolver';
import { IndicatorResolver } from './resolvers/indicator.resolver';
import { seedMetrics } from './seed';

/** The report's indicators, availability rates, and aggregates and reconciliation over operations' records. */
export const metrics: SubgraphDefinition<MetricsLoaders> = {
  name: 'metrics',
  entities: [IndicatorRecord, IndicatorValueRecord, AvailabilityRecord],
  migrations: metricsMigrations,
  resolvers: [IndicatorResolver, AggregateResolver, AvailabilityResolver, MemberMetricsResolver, ApplicationMetricsResolver, DataPointResolver, ChangeResolver],
  // Member and Application are stubs: the gateway sends their key fields, which is all the field resolvers read.
  orphanedTypes: [Member, Application],
  createLoaders: createMetricsLoaders,
  seed: seedMetrics,
};
