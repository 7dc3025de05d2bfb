import { badUserInput } from '../../../lib/errors';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** A year argument: an integer in [1900, 2100], else BAD_USER_INPUT naming the argument. */
export function checkYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw badUserInput(`${field} must be a year between ${MIN_YEAR} and ${MAX_YEAR}`, { field });
  }
  return year;
}

/** Optional from/to years as inclusive bounds (open ends when absent); BAD_USER_INPUT when inverted. */
export function yearRange(from: number | null | undefined, to: number | null | undefined): { from: number; to: number } {
  const lower = from === undefined || from === null ? MIN_YEAR : checkYear(from, 'from');
  const upper = to === undefined || to === null ? MAX_YEAR : checkYear(to, 'to');
  if (lower > upper) throw badUserInput('from must not be after to', { field: 'from' });
  return { from: lower, to: upper };
}
