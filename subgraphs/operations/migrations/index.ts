import { Migration20261129000200_operations_init } from './Migration20261129000200_operations_init';

/** Applied in this order; a new migration is appended, never inserted or edited once committed. */
export const operationsMigrations = [Migration20261129000200_operations_init];
