import { Migration } from '@mikro-orm/migrations';

/**
 * Hub-issued API keys for BI tools (lib/identity/api-keys.ts): only the SHA-256 of each key is
 * kept, with its non-secret prefix, its role (and member for MEMBER_AGENT keys), expiry, last use
 * and revocation.
 */
export class Migration20261205000000_governance_api_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "governance"."api_key" (
      "id" uuid primary key,
      "name" text not null constraint "api_key_name_unique" unique check (length(trim("name")) between 1 and 100),
      "prefix" text not null constraint "api_key_prefix_unique" unique check ("prefix" ~ '^[a-z0-9]{8}$'),
      "secret_hash" text not null constraint "api_key_secret_hash_unique" unique check ("secret_hash" ~ '^[0-9a-f]{64}$'),
      "role" text not null check ("role" in ('SII_STAFF', 'MEMBER_AGENT', 'READER')),
      "member_id" text null references "governance"."member" ("id"),
      "created_at" timestamptz not null default now(),
      "created_by" text not null,
      "expires_at" timestamptz not null,
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null,
      "revoked_by" text null,
      constraint "api_key_member_of_agent" check (("role" = 'MEMBER_AGENT') = ("member_id" is not null)),
      constraint "api_key_expires_after_creation" check ("expires_at" > "created_at")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "governance"."api_key";');
  }
}
