import type { EntityManager } from '../../../lib/orm';
import { ApiKey, type Role } from '../entities';

/** Every key, the newest first (revoked and expired ones included: the list is also their history). */
export function findApiKeys(em: EntityManager): Promise<ApiKey[]> {
  return em.find(ApiKey, {}, { orderBy: { createdAt: 'desc', id: 'asc' } });
}

export function findApiKey(em: EntityManager, id: string): Promise<ApiKey | null> {
  return em.findOne(ApiKey, { id });
}

export async function apiKeyNameTaken(em: EntityManager, name: string): Promise<boolean> {
  return (await em.count(ApiKey, { name })) > 0;
}

export async function addApiKey(
  em: EntityManager,
  values: { id: string; name: string; prefix: string; secretHash: string; role: Role; memberId: string | null; createdBy: string; expiresAt: Date },
): Promise<ApiKey> {
  const apiKey = em.create(ApiKey, { ...values, createdAt: new Date() });
  await em.flush();
  return apiKey;
}

export async function markApiKeyRevoked(em: EntityManager, apiKey: ApiKey, by: string): Promise<ApiKey> {
  apiKey.revokedAt = new Date();
  apiKey.revokedBy = by;
  await em.flush();
  return apiKey;
}

/** What the gateway's check needs about a key, found by the hash of the key sent. */
export interface StoredApiKey {
  id: string;
  name: string;
  role: Role;
  memberCode: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export async function findApiKeyByHash(em: EntityManager, secretHash: string): Promise<StoredApiKey | null> {
  const rows = await em.execute<
    { id: string; name: string; role: Role; member_code: string | null; expires_at: Date; revoked_at: Date | null; last_used_at: Date | null }[]
  >(
    `select k.id, k.name, k.role, m.code as member_code, k.expires_at, k.revoked_at, k.last_used_at
       from "governance"."api_key" k left join "governance"."member" m on m.id = k.member_id
      where k.secret_hash = ?`,
    [secretHash],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    memberCode: row.member_code,
    expiresAt: new Date(row.expires_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
  };
}

/** Records a use, unless one was recorded less than `intervalSeconds` ago (one write a minute, not one per request). */
export async function touchApiKey(em: EntityManager, id: string, intervalSeconds: number): Promise<void> {
  await em.execute(
    `update "governance"."api_key" set last_used_at = now()
      where id = ? and (last_used_at is null or last_used_at < now() - make_interval(secs => ?))`,
    [id, intervalSeconds],
  );
}
