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
  /** Member code and year → tickets opened that year, or null when no ticket at all is recorded that year. */
  ticketVolumeByMemberYear: DataLoader<YearCountKey, number | null, string>;
  /** Application id and year → deployments recorded that year. */
  deploymentCountByApplicationYear: DataLoader<YearCountKey, number, string>;
  /** Key `${code}:${year}` → the figure's earlier states, newest first. */
  historyByPoint: DataLoader<string, IndicatorValueHistoryRow[]>;
  /** Audit entries of metrics' own entities (DataPoint, AvailabilityPoint). */
  changes: DataLoader<EntityChangesKey, ChangeConnection, string>;
}

/** What a per-entity yearly figure is asked for: the entity (member code, application id), the year, and whether demo records count. */
export interface YearCountKey {
  year: number;
  key: string;
  includeSynthetic: boolean;
}

export type MetricsContext = SubgraphContext<MetricsLoaders>;

const cacheKey = ({ year, key, includeSynthetic }: YearCountKey) => `${year}|${includeSynthetic}|${key}`;

/**
 * One loader for yearly counts per entity: one statement per value of includeSynthetic asked in the
 * batch (normally one), each over every entity and year of the batch.
 */
function yearCountLoader<V>(
  count: (keys: readonly string[], years: readonly number[], includeSynthetic: boolean) => Promise<(asked: YearCountKey) => V>,
): DataLoader<YearCountKey, V, string> {
  return new DataLoader<YearCountKey, V, string>(
    async (asked) => {
      const answers = new Map<boolean, (key: YearCountKey) => V>();
      for (const includeSynthetic of new Set(asked.map((key) => key.includeSynthetic))) {
        const ofFlag = asked.filter((key) => key.includeSynthetic === includeSynthetic);
        answers.set(includeSynthetic, await count([...new Set(ofFlag.map((key) => key.key))], [...new Set(ofFlag.map((key) => key.year))], includeSynthetic));
      }
      return asked.map((key) => answers.get(key.includeSynthetic)!(key));
    },
    { cacheKeyFn: cacheKey },
  );
}

export function createMetricsLoaders(em: EntityManager): MetricsLoaders {
  return {
    pointsByCode: loaderOfLists((codes) => valuesOfIndicators(em, codes), (point) => point.code),
    historyByPoint: loaderOfLists((keys) => historyOfValues(em, keys), (row) => `${row.code}:${row.year}`),
    changes: createChangesLoader(em, 'metrics'),
    // One GROUP BY for every member and year of a response.
    ticketVolumeByMemberYear: yearCountLoader(async (codes, years, includeSynthetic) => {
      const { counts, yearTotals } = await ticketCountsByMember(em, codes, years, includeSynthetic);
      return ({ year, key }) => (yearTotals.has(year) ? (counts.get(`${year}|${key}`) ?? 0) : null);
    }),
    deploymentCountByApplicationYear: yearCountLoader(async (ids, years, includeSynthetic) => {
      const counts = await deploymentCounts(em, ids, years, includeSynthetic);
      return ({ year, key }) => counts.get(`${year}|${key}`) ?? 0;
    }),
  };
}
