import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** What a write with an idempotency key is recognised by: its validated request, hashed. */
export const requestFingerprint = (request: object) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

export interface IdempotentWrite<T> {
  idempotencyKey: string | null;
  fingerprint: string;
  /** The record an earlier call with this key wrote, if any. */
  findEarlier(idempotencyKey: string): Promise<T | null>;
  /** The refusal when the key was used for another request. */
  reused(earlier: T): Error;
}

/**
 * Writes at most once per idempotency key: an earlier call's record is given back (the same key
 * with another request is refused), else `write()` runs; when a concurrent call with the same key
 * wins the race (the unique constraint decides), its record is given back.
 */
export async function writeOnce<T extends { requestFingerprint: string | null }>(key: IdempotentWrite<T>, write: () => Promise<T>): Promise<T> {
  const earlier = async (): Promise<T | null> => {
    if (key.idempotencyKey === null) return null;
    const existing = await key.findEarlier(key.idempotencyKey);
    if (existing && existing.requestFingerprint !== key.fingerprint) throw key.reused(existing);
    return existing;
  };
  const done = await earlier();
  if (done) return done;
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      const winner = await earlier();
      if (winner) return winner;
    }
    throw error;
  }
}
