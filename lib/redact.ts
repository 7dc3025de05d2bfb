/** A connection URL without its password, for logs ("redis" when it does not parse). */
export function redactUrl(url: string, fallback = 'redis'): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return fallback;
  }
}
