import { recordChanges, seedActor } from '../../../lib/audit';
import type { EntityManager } from '../../../lib/orm';
import { runSeedOnce } from '../../../lib/seed';
import { SeedChanges, upgradeSeededRow } from '../../../lib/seed-upgrade';
import { IndicatorRecord, IndicatorValueRecord } from '../entities';
import { INDICATOR_SOURCE_2018, INDICATOR_TABLE_2018, INDICATORS, indicatorProvenance } from './report-2018';

const SCHEMA = 'metrics';
const actor = seedActor('report-2018');

/** The report's synthesis table: its columns (indicators) and its cells, one audit entry per row. */
async function seedReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(actor);
  INDICATORS.forEach((indicator, position) => {
    const fields = { ...indicator, position, storedProvenance: indicatorProvenance(indicator) };
    tx.create(IndicatorRecord, fields);
    changes.created('Indicator', indicator.code, fields);
  });
  // Values reference indicators by a plain column, so the ORM cannot order the inserts itself.
  await tx.flush();
  for (const [year, ...values] of INDICATOR_TABLE_2018) {
    INDICATORS.forEach(({ code }, column) => {
      const fields = { code, year, value: values[column], source: INDICATOR_SOURCE_2018 };
      tx.create(IndicatorValueRecord, fields);
      changes.created('DataPoint', `${code}:${year}`, fields);
    });
  }
  await tx.flush();
  await recordChanges(tx, SCHEMA, changes.records);
}

/** Provenance of the columns in a database seeded before issue 14; a no-op right after seedReport2018. */
async function upgradeReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(actor);
  const seeds = new Map(INDICATORS.map((indicator, position) => [indicator.code, { ...indicator, position }]));
  for (const indicator of await tx.find(IndicatorRecord, {})) {
    const seed = seeds.get(indicator.code);
    if (seed) changes.updated('Indicator', indicator.code, upgradeSeededRow(indicator, { expected: seed, provenance: indicatorProvenance(seed) }));
  }
  await tx.flush();
  await recordChanges(tx, SCHEMA, changes.records);
}

export async function seedMetrics(em: EntityManager): Promise<void> {
  await runSeedOnce(em, SCHEMA, 'report-2018', seedReport2018);
  await runSeedOnce(em, SCHEMA, 'report-2018-fidelity', upgradeReport2018);
}
