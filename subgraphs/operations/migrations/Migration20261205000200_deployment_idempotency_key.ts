import { Migration } from '@mikro-orm/migrations';

/**
 * recordDeployment's idempotency key, as openTicket's: the key the client chose, scoped to who
 * recorded (`recorded_by`, the token subject), and the hash of the input it came with, to tell a
 * retry (same input: the same deployment) from a reuse of the key (refused). Nullable columns
 * without default: adding them rewrites no row.
 */
export class Migration20261205000200_deployment_idempotency_key extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "operations"."deployment"
      add column "idempotency_key" text null,
      add column "request_fingerprint" text null,
      add constraint "deployment_idempotency_key_unique" unique ("recorded_by", "idempotency_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "operations"."deployment" drop constraint if exists "deployment_idempotency_key_unique",
      drop column if exists "request_fingerprint", drop column if exists "idempotency_key";`);
  }
}
