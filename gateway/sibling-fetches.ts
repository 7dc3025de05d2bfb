import type { GraphQLFormattedError } from 'graphql';

/**
 * Sibling `_entities` fetches of one operation, sent as one. Apollo's planner fetches an entity
 * once per path that reaches it: the bench's cross-subgraph query asks for the application of the
 * tickets under two aliases (incidents, requests), and the plan sends two identical catalogue
 * fetches side by side, one per alias, then two for the next level (Hive's planner sends one).
 * Fetches of the same operation to the same subgraph, with the same document and the same
 * variables but the representations, started in the same turn of the event loop, are merged:
 * their representations sent in one request (where the distinct representations then go once,
 * gateway/representations.ts) and the answer cut back into each fetch's part.
 *
 * Only within one operation: its fetches share the viewer, the request's cache policy (which the
 * merged fetch's Cache-Control restricts once for all) and its deadline. Only reads.
 */

export interface EntitiesAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

interface Part<T> {
  representations: unknown[];
  resolve(answer: T): void;
  reject(error: unknown): void;
}

/** The fetches waiting for the end of this turn, per operation, by document and other variables. */
export class SiblingFetches<T extends EntitiesAnswer> {
  private readonly waiting = new WeakMap<object, Map<string, Part<T>[]>>();

  /**
   * `send(representations)` once for every sibling that joins before the turn ends (`key`: the
   * subgraph's document and variables but the representations), each getting its own part.
   */
  join(operation: object, key: string, representations: unknown[], send: (representations: unknown[]) => Promise<T>): Promise<T> {
    let batches = this.waiting.get(operation);
    if (!batches) {
      batches = new Map();
      this.waiting.set(operation, batches);
    }
    let parts = batches.get(key);
    if (!parts) {
      const started: Part<T>[] = [];
      parts = started;
      batches.set(key, started);
      const batchesOfOperation = batches;
      // setImmediate: after every fetch the plan starts in this turn (they start from promise callbacks).
      setImmediate(() => {
        batchesOfOperation.delete(key);
        void sendMerged(started, send);
      });
    }
    return new Promise<T>((resolve, reject) => parts.push({ representations, resolve, reject }));
  }
}

async function sendMerged<T extends EntitiesAnswer>(parts: Part<T>[], send: (representations: unknown[]) => Promise<T>): Promise<void> {
  try {
    if (parts.length === 1) {
      parts[0].resolve(await send(parts[0].representations));
      return;
    }
    const answer = await send(parts.flatMap((part) => part.representations));
    let offset = 0;
    for (const part of parts) {
      part.resolve(partOf(answer, offset, part.representations.length));
      offset += part.representations.length;
    }
  } catch (error) {
    for (const part of parts) part.reject(error);
  }
}

/**
 * The part of a merged answer for the representations [offset, offset + length): its entities,
 * its errors re-indexed from `_entities.<offset + i>` to `_entities.<i>`, and every error without
 * such a path (it concerns the whole fetch).
 */
export function partOf<T extends EntitiesAnswer>(answer: T, offset: number, length: number): T {
  const entities = answer.data?._entities;
  const data = Array.isArray(entities) ? { ...answer.data, _entities: entities.slice(offset, offset + length) } : answer.data;
  if (!answer.errors) return { ...answer, data };
  const errors = answer.errors.flatMap((error) => {
    const [head, index, ...rest] = error.path ?? [];
    if (head !== '_entities' || typeof index !== 'number') return [error];
    return index >= offset && index < offset + length ? [{ ...error, path: ['_entities', index - offset, ...rest] }] : [];
  });
  return { ...answer, data, errors: errors.length > 0 ? errors : undefined };
}
