import type { GraphQLFormattedError } from 'graphql';

/**
 * Apollo's gateway sends one `_entities` representation per parent, repeats included: the
 * cross-subgraph query of the bench sends 623 representations for about 45 distinct applications,
 * and operations then builds each application's deployments once per ticket. The subgraph's
 * answer for a representation depends only on it (and on the viewer and the selection, the same
 * for the whole fetch), so each distinct one is sent once and its answer given back to every
 * position that asked for it.
 */
export interface DistinctRepresentations {
  /** Each distinct representation once, in first-seen order. */
  distinct: unknown[];
  /** For each representation sent by the planner, the index of its distinct copy. */
  positions: number[];
}

/** The distinct representations, or undefined when there is nothing repeated (send as is). */
export function distinctRepresentations(representations: unknown): DistinctRepresentations | undefined {
  if (!Array.isArray(representations) || representations.length < 2) return undefined;
  const indexOf = new Map<string, number>();
  const distinct: unknown[] = [];
  // The planner builds every representation from the same selection, so equal ones serialise alike.
  const positions = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let index = indexOf.get(key);
    if (index === undefined) {
      index = distinct.length;
      indexOf.set(key, index);
      distinct.push(representation);
    }
    return index;
  });
  return distinct.length < representations.length ? { distinct, positions } : undefined;
}

interface EntitiesAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * The answer to the distinct representations, laid out as the planner asked: `_entities[i]` for
 * every position, and each error under `_entities.<distinct>` repeated at every position that
 * shared that representation (errors without such a path are kept as they are).
 */
export function expandEntities<T extends EntitiesAnswer>(answer: T, { positions }: DistinctRepresentations): T {
  const entities = answer.data?._entities;
  const data = Array.isArray(entities) ? { ...answer.data, _entities: positions.map((index) => entities[index] ?? null) } : answer.data;
  if (!answer.errors) return { ...answer, data };
  const errors = answer.errors.flatMap((error) => {
    const [head, index, ...rest] = error.path ?? [];
    if (head !== '_entities' || typeof index !== 'number') return [error];
    return positions.flatMap((distinctIndex, position) => (distinctIndex === index ? [{ ...error, path: ['_entities', position, ...rest] }] : []));
  });
  return { ...answer, data, errors };
}
