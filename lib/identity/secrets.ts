/**
 * Is a shared secret (HUB_JWT_SECRET, HUB_INTERNAL_SECRET) strong enough for production?
 *
 * HS256 is as strong as its key: a secret someone can guess lets them sign any role. The rule is
 * at least 32 bytes (RFC 7518 §3.2: a key at least as long as the hash) AND an estimated 100 bits
 * of entropy, so that a long but predictable string (spaces, one repeated character,
 * "passwordpassword…", words strung together) is refused too. `openssl rand -hex 32` or
 * `openssl rand -base64 32` always passes.
 *
 * The estimate is crude on purpose, pessimistic about what people type and fair to what a random
 * generator prints. Each character costs log2 of the alphabet its character classes span
 * (lowercase 26, uppercase 26, digits 10, others 33; a hex-only string 4 bits), except characters
 * that add little to a guesser's work: continuing a run of one character or a sequence ("aaa",
 * "abc", "321") or repeating a 3-character stretch already seen costs 1 bit; outside hex, a
 * lowercase letter next to another letter costs 1.5 bits and a separator between letters 1 bit
 * (written words carry about 1 to 2 bits per letter). A random 32-character hex string (128 bits)
 * keeps a wide margin over the 100-bit bar; a 50-character sentence does not reach it.
 */

export const MIN_SECRET_BYTES = 32;
export const MIN_SECRET_BITS = 100;

function alphabetBits(secret: string): number {
  let size = 0;
  if (/[a-z]/.test(secret)) size += 26;
  if (/[A-Z]/.test(secret)) size += 26;
  if (/[0-9]/.test(secret)) size += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) size += 33;
  return Math.log2(Math.max(size, 2));
}

/** The estimated entropy of `secret` in bits (see above). */
export function estimatedEntropyBits(secret: string): number {
  const chars = [...secret];
  const hexOnly = /^[0-9a-fA-F]+$/.test(secret);
  const full = hexOnly ? 4 : alphabetBits(secret);
  const isLetter = (char: string | undefined) => char !== undefined && /[a-zA-Z]/.test(char);
  const seenTrigrams = new Set<string>();
  let previousStep: number | undefined;
  let bits = 0;
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index];
    const previous = chars[index - 1];
    const next = chars[index + 1];
    const step = previous === undefined ? undefined : (char.codePointAt(0) ?? 0) - (previous.codePointAt(0) ?? 0);
    const trigram = index >= 2 ? chars.slice(index - 2, index + 1).join('') : undefined;
    const repeatsStretch = trigram !== undefined && seenTrigrams.has(trigram);
    if (trigram !== undefined) seenTrigrams.add(trigram);
    const continuesRun = step !== undefined && Math.abs(step) <= 1 && step === previousStep;
    previousStep = step;
    if (continuesRun || repeatsStretch) bits += 1;
    else if (!hexOnly && /[a-z]/.test(char) && (isLetter(previous) || isLetter(next))) bits += 1.5;
    else if (!hexOnly && /[\s._-]/.test(char) && isLetter(previous) && isLetter(next)) bits += 1;
    else bits += full;
  }
  return bits;
}

/** Why `secret` is too weak for production, in words, or undefined when it is fine. */
export function secretWeakness(secret: string): string | undefined {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) return `is ${bytes} bytes long; at least ${MIN_SECRET_BYTES} are needed (e.g. openssl rand -hex 32)`;
  const bits = estimatedEntropyBits(secret);
  if (bits < MIN_SECRET_BITS) {
    return `looks guessable (about ${Math.floor(bits)} bits of entropy, repeated or word-like characters; at least ${MIN_SECRET_BITS} are needed): use a random value such as openssl rand -hex 32`;
  }
  return undefined;
}
