import { Migration20261129000200_operations_init } from './Migration20261129000200_operations_init';
import { Migration20261129000400_ticket_volume_covering_index } from './Migration20261129000400_ticket_volume_covering_index';
import { Migration20261129000500_ticket_monthly_volume } from './Migration20261129000500_ticket_monthly_volume';
import { Migration20261202000200_operations_audit } from './Migration20261202000200_operations_audit';
import { Migration20261204000200_operations_provenance } from './Migration20261204000200_operations_provenance';
import { Migration20261205000200_deployment_idempotency_key } from './Migration20261205000200_deployment_idempotency_key';
import { Migration20261206000200_operations_change_counter } from './Migration20261206000200_operations_change_counter';
import { Migration20261207000200_ticket_volume_one_writer } from './Migration20261207000200_ticket_volume_one_writer';

/** Applied in this order; a new migration is appended, never inserted or edited once committed. */
export const operationsMigrations = [
  Migration20261129000200_operations_init,
  Migration20261129000400_ticket_volume_covering_index,
  Migration20261129000500_ticket_monthly_volume,
  Migration20261202000200_operations_audit,
  Migration20261204000200_operations_provenance,
  Migration20261205000200_deployment_idempotency_key,
  Migration20261206000200_operations_change_counter,
  Migration20261207000200_ticket_volume_one_writer,
];
