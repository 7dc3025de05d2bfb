import { Check, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver } from '../../../lib/scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from './enums';
import { Member } from './member.entity';

/**
 * A hub-issued API key for a BI tool (Power BI, Excel, Grafana): sent as `Authorization: Bearer <key>`
 * or `X-API-Key: <key>`, checked by the gateway. Only the key's SHA-256 is stored (never shown).
 */
@Entity({ tableName: 'api_key' })
@Check({ name: 'api_key_member_of_agent', expression: "(role = 'MEMBER_AGENT') = (member_id is not null)" })
@Check({ name: 'api_key_expires_after_creation', expression: 'expires_at > created_at' })
@ObjectType({ description: 'A service account’s API key (the secret itself is shown once, when created)' })
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'revokedBy' | 'memberId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text', unique: 'api_key_name_unique' })
  @Check({ name: 'api_key_name_check', expression: 'length(trim(both from name)) >= 1 and length(trim(both from name)) <= 100' })
  @Field(() => String, { description: 'What the key is for, e.g. "Power BI – Bobigny tickets"; unique' })
  name!: string;

  /** The 8 characters after `siihub_`: not secret, names the key in lists and logs. */
  @Property({ type: 'text', unique: 'api_key_prefix_unique' })
  @Check({ name: 'api_key_prefix_check', expression: "prefix ~ '^[a-z0-9]{8}$'" })
  prefix!: string;

  @Property({ type: 'text', unique: 'api_key_secret_hash_unique', hidden: true })
  @Check({ name: 'api_key_secret_hash_check', expression: "secret_hash ~ '^[0-9a-f]{64}$'" })
  secretHash!: string;

  @Enum({ items: () => Role, type: 'text' })
  @Field(() => Role, { description: 'The role the key acts with' })
  role!: Role;

  /** The member's id, set exactly for MEMBER_AGENT keys; a foreign key, mapped to the id alone. */
  @ManyToOne(() => Member, {
    fieldName: 'member_id',
    mapToPk: true,
    nullable: true,
    foreignKeyName: 'api_key_member_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  memberId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Subject of the SII_STAFF member who created it' })
  createdBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => DateTimeResolver, { description: 'After this instant the key is refused' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => DateTimeResolver, { nullable: true, description: 'Last request made with it (recorded at most once a minute); null if never used' })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was revoked; a revoked key is refused from the next request on' })
  revokedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  revokedBy: string | null = null;
}
