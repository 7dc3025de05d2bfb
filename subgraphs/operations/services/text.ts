import { badUserInput } from '../../../lib/errors';

/** Trims a free-text field: empty is null (or BAD_USER_INPUT when required), longer than `max` is BAD_USER_INPUT. */
export function cleanText(value: string | null | undefined, field: string, max: number, required: boolean): string | null {
  const cleaned = value?.trim() ?? '';
  if (cleaned === '') {
    if (required) throw badUserInput(`${field} must not be empty`, { field });
    return null;
  }
  if (cleaned.length > max) throw badUserInput(`${field} must be at most ${max} characters`, { field });
  return cleaned;
}
