/** The text form of a UUID (any version), as PostgreSQL's `uuid` type reads it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when `value` is a UUID. Checked before an id reaches SQL: a malformed id is then an
 * answer (null, NOT_FOUND or BAD_USER_INPUT) instead of PostgreSQL's cast error.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Lower-case letters and digits in groups joined by single dashes: the readable ids of the hub ("portail-famille"). */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** "Portail Famille (exemple)" → "portail-famille-exemple": an id made from a name, at most `max` characters. */
export function slugOf(name: string, max = 60): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}
