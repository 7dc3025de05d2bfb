/** The text form of a UUID (any version), as PostgreSQL's `uuid` type reads it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when `value` is a UUID. Checked before an id reaches SQL: a malformed id is then an
 * answer (null, NOT_FOUND or BAD_USER_INPUT) instead of PostgreSQL's cast error.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
