import { Migration20261129000300_metrics_init } from './Migration20261129000300_metrics_init';
import { Migration20261129000600_ticket_volume_view } from './Migration20261129000600_ticket_volume_view';
import { Migration20261202000300_metrics_audit } from './Migration20261202000300_metrics_audit';
import { Migration20261203000000_metrics_indicator_history } from './Migration20261203000000_metrics_indicator_history';
import { Migration20261203000100_metrics_change_record } from './Migration20261203000100_metrics_change_record';
import { Migration20261204000300_metrics_indicator_provenance } from './Migration20261204000300_metrics_indicator_provenance';
import { Migration20261206000300_metrics_change_counter } from './Migration20261206000300_metrics_change_counter';

/** Applied in this order; a new migration is appended, never inserted or edited once committed. */
export const metricsMigrations = [
  Migration20261129000300_metrics_init,
  Migration20261129000600_ticket_volume_view,
  Migration20261202000300_metrics_audit,
  Migration20261203000000_metrics_indicator_history,
  Migration20261203000100_metrics_change_record,
  Migration20261204000300_metrics_indicator_provenance,
  Migration20261206000300_metrics_change_counter,
];
