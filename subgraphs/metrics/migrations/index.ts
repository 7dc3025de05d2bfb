import { Migration20261129000300_metrics_init } from './Migration20261129000300_metrics_init';

/** Applied in this order; a new migration is appended, never inserted or edited once committed. */
export const metricsMigrations = [Migration20261129000300_metrics_init];
