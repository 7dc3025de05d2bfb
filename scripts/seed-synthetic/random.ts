/** The golden ratio's fractional part: `(index * GOLDEN) % 1` deals any prefix of indexes evenly (low discrepancy). */
export const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** mulberry32: small, fast, good enough for demo data, and the same everywhere. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The item whose share of the total weight contains `u` (0 ≤ u < 1). */
export function pickWeighted<T>(items: readonly (readonly [T, number])[], u: number): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = u * total;
  for (const [item, weight] of items) {
    threshold -= weight;
    if (threshold < 0) return item;
  }
  return items[items.length - 1][0];
}

/** A day of `month` (0-based) drawn from the stream, with the month drawn by its weight. */
export function pickDay(year: number, monthWeights: readonly number[], random: () => number): { month: number; day: number } {
  const month = pickWeighted(monthWeights.map((weight, m) => [m, weight] as const), random());
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return { month, day: 1 + Math.floor(random() * daysInMonth) };
}
