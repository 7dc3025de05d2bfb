import { randomBytes } from 'node:crypto';
import { createGatewayAuthenticator } from './authenticate';
import { AuthenticationError } from './errors';
import { hs256Settings, signHubToken } from './hs256';
import { MAX_REMEMBER_MS, VerifiedTokens } from './verified-tokens';

/**
 * Verified tokens remembered by the gateway's authenticator (lib/identity/verified-tokens.ts), with
 * real HS256 tokens; the provider's tokens and its key rotation are in test/identity.test.ts.
 */
const secret = randomBytes(32).toString('hex');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function authenticatorWithClock(settings = hs256Settings(secret)) {
  const clock = { now: Date.now() };
  const remembered = new VerifiedTokens(() => clock.now);
  const authenticator = createGatewayAuthenticator({ hs256: settings }, { verifiedTokens: remembered });
  return { clock, remembered, authenticator };
}

it('checks a token once, then gives the same viewer for it without checking again', async () => {
  const { remembered, authenticator } = authenticatorWithClock();
  const token = signHubToken({ sub: 'agent@bobigny', role: 'MEMBER_AGENT', member: 'BOBIGNY' }, secret);
  const viewers = [];
  for (let i = 0; i < 3; i += 1) viewers.push(await authenticator.authenticate(bearer(token)));
  expect(remembered.verifications).toBe(1);
  for (const viewer of viewers) expect(viewer).toEqual({ subject: 'agent@bobigny', role: 'MEMBER_AGENT', memberCode: 'BOBIGNY', anonymous: false, credential: 'hs256' });
  // Each caller gets its own copy: what one request does to its viewer is not seen by the next.
  expect(viewers[0]).not.toBe(viewers[1]);
});

it('never remembers a token that failed, and checks every other token on its own', async () => {
  const { remembered, authenticator } = authenticatorWithClock();
  const token = signHubToken({ sub: 'staff@sii', role: 'SII_STAFF' }, secret);
  await authenticator.authenticate(bearer(token));
  const [header, payload] = token.split('.');
  // Same header and claims, a signature that is not the secret's.
  const forged = `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`;
  const otherSecret = signHubToken({ sub: 'staff@sii', role: 'SII_STAFF' }, randomBytes(32).toString('hex'));
  for (const bad of [forged, forged, otherSecret, otherSecret]) {
    await expect(authenticator.authenticate(bearer(bad))).rejects.toThrow(AuthenticationError);
  }
  expect(remembered.verifications).toBe(5);
  // The good one is still remembered.
  await authenticator.authenticate(bearer(token));
  expect(remembered.verifications).toBe(5);
});

it('checks a token again once MAX_REMEMBER_MS has passed', async () => {
  const { clock, remembered, authenticator } = authenticatorWithClock();
  const token = signHubToken({ sub: 'reader@sii', role: 'READER' }, secret);
  await authenticator.authenticate(bearer(token));
  clock.now += MAX_REMEMBER_MS - 1;
  await authenticator.authenticate(bearer(token));
  expect(remembered.verifications).toBe(1);
  clock.now += 2;
  await authenticator.authenticate(bearer(token));
  expect(remembered.verifications).toBe(2);
});

it('refuses a remembered token as soon as it expires', async () => {
  // No clock skew: the token is refused right at its exp.
  const settings = hs256Settings(secret, { clockSkewSeconds: 0 });
  const remembered = new VerifiedTokens();
  const authenticator = createGatewayAuthenticator({ hs256: settings }, { verifiedTokens: remembered });
  const token = signHubToken({ sub: 'staff@sii', role: 'SII_STAFF' }, secret, 2);
  await authenticator.authenticate(bearer(token));
  await authenticator.authenticate(bearer(token));
  expect(remembered.verifications).toBe(1);
  const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp as number;
  await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
  await expect(authenticator.authenticate(bearer(token))).rejects.toThrow('Invalid token: the token has expired');
});
