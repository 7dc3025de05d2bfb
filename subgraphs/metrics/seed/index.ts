import type { EntityManager } from '../../../lib/orm';
import { runSeedOnce } from '../../../lib/seed';
import { IndicatorRecord, IndicatorValueRecord } from '../entities';
import { INDICATOR_SOURCE_2018, INDICATOR_TABLE_2018, INDICATORS } from './report-2018';

export async function seedMetrics(em: EntityManager): Promise<void> {
  await runSeedOnce(em, 'metrics', 'report-2018', async (tx) => {
    INDICATORS.forEach((indicator, position) => tx.create(IndicatorRecord, { ...indicator, position }));
    // Values reference indicators by a plain column, so the ORM cannot order the inserts itself.
    await tx.flush();
    for (const [year, ...values] of INDICATOR_TABLE_2018) {
      INDICATORS.forEach(({ code }, column) =>
        tx.create(IndicatorValueRecord, { code, year, value: values[column], source: INDICATOR_SOURCE_2018 }),
      );
    }
  });
}
