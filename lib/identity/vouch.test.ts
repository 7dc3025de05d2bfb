import { randomBytes } from 'node:crypto';
import { AuthenticationError } from './errors';
import { ANONYMOUS_VIEWER, type Viewer } from './viewer';
import { signVouch, VerifiedVouches, verifyVouch, VOUCH_LIFETIME_SECONDS, VOUCH_REUSE_SECONDS, VouchSigner } from './vouch';

/**
 * The gateway's vouches given again per viewer (VouchSigner) and a subgraph's memory of the
 * vouches it verified (VerifiedVouches). Real HMAC tokens; the vouch's refusals as a whole are in
 * test/security.test.ts and test/identity.test.ts.
 */
const secret = randomBytes(32).toString('base64url');
const staff: Viewer = { subject: 'staff@sii', role: 'SII_STAFF', memberCode: null, anonymous: false, credential: 'oidc' };
const agent: Viewer = { subject: 'agent@bobigny', role: 'MEMBER_AGENT', memberCode: 'BOBIGNY', anonymous: false, credential: 'hs256' };
const claimsOf = (vouch: string) => JSON.parse(Buffer.from(vouch.split('.')[1], 'base64url').toString('utf8')) as { iat: number; exp: number };

describe('VouchSigner', () => {
  it('gives the same viewer the same vouch for VOUCH_REUSE_SECONDS, then signs a new one', async () => {
    const clock = { now: Date.now() };
    const signer = new VouchSigner(secret, () => clock.now);
    const first = signer.vouchFor(staff);
    expect(await verifyVouch(first, secret)).toEqual(staff);
    expect(signer.vouchFor({ ...staff })).toBe(first);
    clock.now += (VOUCH_REUSE_SECONDS - 1) * 1000;
    expect(signer.vouchFor(staff)).toBe(first);
    expect(signer.signed).toBe(1);
    clock.now += 2000;
    const second = signer.vouchFor(staff);
    expect(second).not.toBe(first);
    expect(signer.signed).toBe(2);
    // Each is signed when it is first given: a reused vouch keeps at least LIFETIME − REUSE seconds to live.
    expect(claimsOf(second).iat).toBe(Math.floor(clock.now / 1000));
    expect(claimsOf(second).exp - claimsOf(second).iat).toBe(VOUCH_LIFETIME_SECONDS);
  });

  it('signs one vouch per viewer: another subject, role, member or credential is another vouch', async () => {
    const signer = new VouchSigner(secret);
    const viewers: Viewer[] = [
      staff,
      agent,
      { ...staff, subject: 'other@sii' },
      { ...staff, role: 'MEMBER_AGENT', memberCode: 'SYREC' },
      { ...agent, memberCode: 'SIRESCO' },
      { ...staff, credential: 'api-key' },
    ];
    const vouches = viewers.map((viewer) => signer.vouchFor(viewer));
    expect(new Set(vouches).size).toBe(viewers.length);
    for (const [index, vouch] of vouches.entries()) expect(await verifyVouch(vouch, secret)).toEqual(viewers[index]);
  });

  it('refuses to vouch for the anonymous reader', () => {
    expect(() => new VouchSigner(secret).vouchFor(ANONYMOUS_VIEWER)).toThrow(/authenticated viewer/);
  });
});

describe('VerifiedVouches', () => {
  it('checks a vouch once, then gives its viewer (a copy) until it expires', async () => {
    const clock = { now: Date.now() };
    const verified = new VerifiedVouches(secret, () => clock.now);
    const vouch = signVouch(agent, secret);
    const viewers = [await verified.viewerOf(vouch), await verified.viewerOf(vouch), await verified.viewerOf(vouch)];
    expect(verified.verifications).toBe(1);
    for (const viewer of viewers) expect(viewer).toEqual(agent);
    expect(viewers[0]).not.toBe(viewers[1]);
    // Past its exp and the clock skew, it is checked again (and verifyVouch, on the real clock, still takes it).
    clock.now = (claimsOf(vouch).exp + 6) * 1000;
    await verified.viewerOf(vouch);
    expect(verified.verifications).toBe(2);
  });

  it('checks a forged vouch, or one signed with another secret, every time and refuses it every time', async () => {
    const verified = new VerifiedVouches(secret);
    const good = signVouch(staff, secret);
    await verified.viewerOf(good);
    const [header, payload] = good.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged-signature-forged-signature').toString('base64url')}`;
    // The same claims under another secret: a remembered good vouch must not vouch for it.
    const otherSecret = signVouch(staff, randomBytes(32).toString('base64url'));
    for (const bad of [forged, forged, otherSecret, otherSecret]) {
      await expect(verified.viewerOf(bad)).rejects.toBeInstanceOf(AuthenticationError);
    }
    expect(verified.verifications).toBe(5);
  });

  it('refuses an expired vouch it never saw', async () => {
    const verified = new VerifiedVouches(secret);
    const issuedAt = Math.floor(Date.now() / 1000) - VOUCH_LIFETIME_SECONDS - 10;
    await expect(verified.viewerOf(signVouch(staff, secret, issuedAt))).rejects.toThrow(/expired/);
  });
});
