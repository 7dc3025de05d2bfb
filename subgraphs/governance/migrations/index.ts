import { Migration20261129000000_governance_init } from './Migration20261129000000_governance_init';
import { Migration20261202000000_governance_audit } from './Migration20261202000000_governance_audit';
import { Migration20261204000000_governance_organization } from './Migration20261204000000_governance_organization';
import { Migration20261205000000_governance_api_keys } from './Migration20261205000000_governance_api_keys';
import { Migration20261206000000_governance_change_counter } from './Migration20261206000000_governance_change_counter';

/** Applied in this order; a new migration is appended, never inserted or edited once committed. */
export const governanceMigrations = [
  Migration20261129000000_governance_init,
  Migration20261202000000_governance_audit,
  Migration20261204000000_governance_organization,
  Migration20261205000000_governance_api_keys,
  Migration20261206000000_governance_change_counter,
];
