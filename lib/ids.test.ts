import { randomUUID } from 'node:crypto';
import { isUuid } from './ids';

describe('isUuid', () => {
  it('accepts UUIDs of any version, in either case', () => {
    expect(isUuid(randomUUID())).toBe(true);
    expect(isUuid(randomUUID().toUpperCase())).toBe(true);
    // A version 8 UUID, as the synthetic tickets carry.
    expect(isUuid('00000000-0001-8000-8000-000000000001')).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['36 hyphens', '-'.repeat(36)],
    ['36 hex digits without hyphens', 'a'.repeat(36)],
    ['hyphens in the wrong places', '0000-00000000-0000-0000-000000000000'],
    ['a non-hex digit', '0000000g-0000-0000-0000-000000000000'],
    ['surrounding text', ' 00000000-0000-0000-0000-000000000000'],
    ['a trailing line break', '00000000-0000-0000-0000-000000000000\n'],
    ['an injection attempt', "1' or '1'='1"],
  ])('refuses %s', (_label, value) => {
    expect(isUuid(value)).toBe(false);
  });
});
