import { closedLoop, type LatencySummary } from './stats';

export async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
}

/** Closed-loop load after a warm-up (at most 2 s); a GraphQL error counts as a failed request. */
export async function measure(task: () => Promise<boolean>, options: LoadOptions): Promise<LatencySummary> {
  await closedLoop(options.concurrency, Math.min(2000, options.durationMs), task);
  return closedLoop(options.concurrency, options.durationMs, task);
}

/** `query` (or a fresh query text per request, when given a function) in a closed loop. */
export function measureGraphQL(
  url: string,
  query: string | (() => string),
  options: LoadOptions,
  token?: string,
  variables: Record<string, unknown> = {},
): Promise<LatencySummary> {
  return measure(async () => {
    const answer = await post(url, typeof query === 'string' ? query : query(), variables, token);
    return !answer.errors;
  }, options);
}
