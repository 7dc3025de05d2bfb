import { badUserInput } from '../../lib/errors';

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** A year argument: an integer in [1900, 2100], else BAD_USER_INPUT naming the argument. */
export function checkYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw badUserInput(`${field} must be a year between ${MIN_YEAR} and ${MAX_YEAR}`, { field });
  }
  return year;
}
