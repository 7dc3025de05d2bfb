import { Migration20261129000100_catalogue_init } from './Migration20261129000100_catalogue_init';
import { Migration20261202000100_catalogue_audit } from './Migration20261202000100_catalogue_audit';
import { Migration20261203000200_catalogue_application_lifecycle } from './Migration20261203000200_catalogue_application_lifecycle';
import { Migration20261204000100_catalogue_provenance } from './Migration20261204000100_catalogue_provenance';
import { Migration20261206000100_catalogue_change_counter } from './Migration20261206000100_catalogue_change_counter';

/** Applied in this order; a new migration is appended, never inserted or edited once committed. */
export const catalogueMigrations = [
  Migration20261129000100_catalogue_init,
  Migration20261202000100_catalogue_audit,
  Migration20261203000200_catalogue_application_lifecycle,
  Migration20261204000100_catalogue_provenance,
  Migration20261206000100_catalogue_change_counter,
];
