import { randomBytes, randomUUID } from 'node:crypto';
import { estimatedEntropyBits, secretWeakness } from './secrets';

describe('production secrets', () => {
  it.each([
    ['16 spaces', ' '.repeat(16)],
    ['40 spaces', ' '.repeat(40)],
    ['one repeated character', 'a'.repeat(64)],
    ['a word repeated', 'passwordpasswordpasswordpassword'],
    ['a word and digit repeated', 'Password1Password1Password1Password1'],
    ['words joined by dashes', 'my-super-secret-password-for-the-hub'],
    ['words run together', 'thisisthesecretofthesiidatahubinproduction'],
    ['a passphrase', 'correct horse battery staple correct horse'],
    ['the alphabet and digits in order', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a keyboard row', 'qwertyuiopqwertyuiopqwertyuiopqwertyuiop'],
    ['the former development default', 'sii-hub-development-secret-do-not-use-in-production'],
  ])('refuses %s', (_name, secret) => {
    expect(secretWeakness(secret)).toEqual(expect.any(String));
  });

  it('says what is wrong: too short, or guessable', () => {
    expect(secretWeakness('x'.repeat(31))).toMatch(/31 bytes long; at least 32/);
    expect(secretWeakness('x'.repeat(32))).toMatch(/guessable/);
  });

  it('accepts what random generators print (hex, base64, base64url, two UUIDs), every time', () => {
    for (let sample = 0; sample < 300; sample += 1) {
      for (const secret of [
        randomBytes(32).toString('hex'),
        randomBytes(16).toString('hex'),
        randomBytes(32).toString('base64'),
        randomBytes(32).toString('base64url'),
        `${randomUUID()}${randomUUID()}`,
      ]) {
        expect([secret, secretWeakness(secret)]).toEqual([secret, undefined]);
      }
    }
  });

  it('estimates more entropy for a longer random secret than for a shorter one', () => {
    const long = randomBytes(32).toString('hex');
    expect(estimatedEntropyBits(long)).toBeGreaterThan(estimatedEntropyBits(long.slice(0, 32)));
  });
});
