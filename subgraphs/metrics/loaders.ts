import DataLoader from 'dataloader';
import { loaderOfLists } from '../../lib/loaders';
import type { EntityManager } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { type ChangeConnection, createChangesLoader, type EntityChangesKey } from '../../lib/audit';
import { historyOfValues, type IndicatorValueHistoryRow, valuesOfIndicators } from './data/indicators';
import { deploymentCounts, ticketCountsByMember } from './data/operations-records';
import type { IndicatorCode, IndicatorValueRecord } from './entities';

export interface MetricsLoaders {
  /** Reported points of each indicator, oldest first. */
  pointsByCode: DataLoader<IndicatorCode, IndicatorValueRecord[]>;
  /** Key `${year}|${memberCode}` → tickets opened that year, or null when no ticket at all is recorded that year. */
  ticketVolumeByMemberYear: DataLoader<string, number | null>;
  /** Key `${year}|${applicationId}` → deployments recorded that year. */
  deploymentCountByApplicationYear: DataLoader<string, number>;
  /** Key `${code}:${year}` → the figure's earlier states, newest first. */
  historyByPoint: DataLoader<string, IndicatorValueHistoryRow[]>;
  /** Audit entries of metrics' own entities (DataPoint, AvailabilityPoint). */
  changes: DataLoader<EntityChangesKey, ChangeConnection, string>;
}

export type MetricsContext = SubgraphContext<MetricsLoaders>;

const splitKey = (key: string): [number, string] => {
  const separator = key.indexOf('|');
  return [Number(key.slice(0, separator)), key.slice(separator + 1)];
};

export function createMetricsLoaders(em: EntityManager): MetricsLoaders {
  return {
    pointsByCode: loaderOfLists((codes) => valuesOfIndicators(em, codes), (point) => point.code),
    historyByPoint: loaderOfLists((keys) => historyOfValues(em, keys), (row) => `${row.code}:${row.year}`),
    changes: createChangesLoader(em, 'metrics'),
    // One GROUP BY for every member and year of a response.
    ticketVolumeByMemberYear: new DataLoader<string, number | null>(async (keys) => {
      const parsed = keys.map(splitKey);
      const { counts, yearTotals } = await ticketCountsByMember(
        em,
        [...new Set(parsed.map(([, code]) => code))],
        [...new Set(parsed.map(([year]) => year))],
      );
      return keys.map((key, index) => (yearTotals.has(parsed[index][0]) ? (counts.get(key) ?? 0) : null));
    }),
    deploymentCountByApplicationYear: new DataLoader<string, number>(async (keys) => {
      const parsed = keys.map(splitKey);
      const counts = await deploymentCounts(
        em,
        [...new Set(parsed.map(([, id]) => id))],
        [...new Set(parsed.map(([year]) => year))],
      );
      return keys.map((key) => counts.get(key) ?? 0);
    }),
  };
}
