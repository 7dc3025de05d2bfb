import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { actorOf, recordChange } from '../../../lib/audit';
import { requireStaff, type Viewer } from '../../../lib/auth';
import { badUserInput, conflict, notFound } from '../../../lib/errors';
import { API_KEY_PATTERN, type ApiKeyViewer, generateApiKey, hashApiKey } from '../../../lib/identity/api-keys';
import { isUuid } from '../../../lib/ids';
import type { EntityManager } from '../../../lib/orm';
import { addApiKey, apiKeyNameTaken, findApiKey, findApiKeyByHash, findApiKeys, markApiKeyRevoked, touchApiKey } from '../data/api-keys';
import { findMemberByCode } from '../data/members';
import { type ApiKey, Role } from '../entities';
import type { CreateApiKeyInput } from '../types';

/*
 * Service accounts' API keys (lib/identity/api-keys.ts says how keys look and why a SHA-256 is
 * enough): created and revoked by SII_STAFF, each change in the audit trail, checked for the
 * gateway through an internal route.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_API_KEY_LIFETIME_DAYS = 365;
export const MAX_API_KEY_LIFETIME_DAYS = 730;
/** A key's last use is written at most this often (seconds). */
export const LAST_USED_INTERVAL_SECONDS = 60;
const MAX_NAME_LENGTH = 100;

/** What the audit trail keeps of a key: never its hash. */
const audited = (apiKey: ApiKey, memberCode: string | null) => ({
  name: apiKey.name,
  prefix: `siihub_${apiKey.prefix}`,
  role: apiKey.role,
  memberCode,
  expiresAt: apiKey.expiresAt.toISOString(),
});

function expiryOf(requested: Date | null | undefined, now: Date): Date {
  if (requested === undefined || requested === null) return new Date(now.getTime() + DEFAULT_API_KEY_LIFETIME_DAYS * DAY_MS);
  if (Number.isNaN(requested.getTime())) throw badUserInput('expiresAt is not a date', { field: 'expiresAt' });
  if (requested.getTime() <= now.getTime() + 60_000) throw badUserInput('expiresAt must be in the future (at least a minute ahead)', { field: 'expiresAt' });
  if (requested.getTime() > now.getTime() + MAX_API_KEY_LIFETIME_DAYS * DAY_MS) {
    throw badUserInput(`expiresAt must be at most ${MAX_API_KEY_LIFETIME_DAYS} days ahead: rotate keys rather than keep them forever`, { field: 'expiresAt' });
  }
  return requested;
}

export function listApiKeys(em: EntityManager, viewer: Viewer): Promise<ApiKey[]> {
  requireStaff(viewer);
  return findApiKeys(em);
}

/** Creates a key (SII_STAFF only): the secret is returned here and nowhere else. */
export async function createApiKey(em: EntityManager, viewer: Viewer, input: CreateApiKeyInput, requestId: string): Promise<{ apiKey: ApiKey; secret: string }> {
  requireStaff(viewer);
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw badUserInput(`name must be 1 to ${MAX_NAME_LENGTH} characters`, { field: 'name' });
  const memberCode = input.memberCode?.trim().toUpperCase() || null;
  if (input.role === Role.MEMBER_AGENT && !memberCode) throw badUserInput('A MEMBER_AGENT key needs memberCode (the member it acts for)', { field: 'memberCode' });
  if (input.role !== Role.MEMBER_AGENT && memberCode) throw badUserInput(`memberCode only goes with MEMBER_AGENT (a ${input.role} key sees what its role sees)`, { field: 'memberCode' });
  const expiresAt = expiryOf(input.expiresAt, new Date());
  const generated = generateApiKey();
  try {
    const apiKey = await em.transactional(async (tx) => {
      const member = memberCode ? await findMemberByCode(tx, memberCode) : null;
      if (memberCode && !member) throw badUserInput(`No member has the code ${memberCode}`, { field: 'memberCode' });
      if (await apiKeyNameTaken(tx, name)) throw conflict(`An API key named "${name}" already exists: choose another name`);
      const created = await addApiKey(tx, {
        id: randomUUID(),
        name,
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        role: input.role,
        memberId: member?.id ?? null,
        createdBy: viewer.subject ?? 'unknown',
        expiresAt,
      });
      await recordChange(tx, 'governance', { entity: 'ApiKey', entityId: created.id, action: 'CREATE', before: null, after: audited(created, memberCode), actor: actorOf(viewer), requestId });
      return created;
    });
    return { apiKey, secret: generated.key };
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict(`An API key named "${name}" already exists: choose another name`);
    throw error;
  }
}

/** Revokes a key (SII_STAFF only): refused from the gateway's next request on. Revoking twice changes nothing. */
export async function revokeApiKey(em: EntityManager, viewer: Viewer, id: string, requestId: string): Promise<ApiKey> {
  requireStaff(viewer);
  if (!isUuid(id)) throw notFound(`No API key has the id ${id}`);
  return em.transactional(async (tx) => {
    const apiKey = await findApiKey(tx, id);
    if (!apiKey) throw notFound(`No API key has the id ${id}`);
    if (apiKey.revokedAt) return apiKey;
    const revoked = await markApiKeyRevoked(tx, apiKey, viewer.subject ?? 'unknown');
    await recordChange(tx, 'governance', {
      entity: 'ApiKey',
      entityId: revoked.id,
      action: 'UPDATE',
      before: { revokedAt: null, revokedBy: null },
      after: { revokedAt: revoked.revokedAt?.toISOString() ?? null, revokedBy: revoked.revokedBy },
      actor: actorOf(viewer),
      requestId,
    });
    return revoked;
  });
}

export type ApiKeyCheck = { valid: true; viewer: ApiKeyViewer } | { valid: false; reason: string };

/**
 * The gateway's question, "who is this key?", answered from the hash of the key sent: unknown,
 * revoked and expired keys are refused (each with its reason), a valid one gives its role and member.
 * Nothing is cached, so a revocation holds from the next request on.
 */
export async function checkApiKey(em: EntityManager, key: unknown): Promise<ApiKeyCheck> {
  if (typeof key !== 'string' || !API_KEY_PATTERN.test(key)) return { valid: false, reason: 'not a key this hub issues (siihub_…)' };
  const stored = await findApiKeyByHash(em, hashApiKey(key));
  if (!stored) return { valid: false, reason: 'unknown key' };
  if (stored.revokedAt) return { valid: false, reason: `the key "${stored.name}" was revoked` };
  if (stored.expiresAt.getTime() <= Date.now()) return { valid: false, reason: `the key "${stored.name}" expired on ${stored.expiresAt.toISOString()}` };
  if (!stored.lastUsedAt || Date.now() - stored.lastUsedAt.getTime() >= LAST_USED_INTERVAL_SECONDS * 1000) {
    await touchApiKey(em, stored.id, LAST_USED_INTERVAL_SECONDS);
  }
  return { valid: true, viewer: { subject: stored.name, role: stored.role, memberCode: stored.role === Role.MEMBER_AGENT ? stored.memberCode : null } };
}
