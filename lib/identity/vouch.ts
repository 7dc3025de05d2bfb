import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AuthenticationError } from './errors';
import { signJwtHs256 } from './hs256';
import { ROLES, type Viewer } from './viewer';

/**
 * The gateway checks every credential once, then vouches for the viewer to the subgraphs with a
 * short-lived token of its own in the `x-hub-viewer` header: HS256 signed with HUB_INTERNAL_SECRET,
 * audience "sii-hub-internal", 60 seconds. The caller's own Authorization header is not passed on.
 *
 * A subgraph believes a vouch only when it verifies; a forged, expired or re-aimed one is
 * UNAUTHENTICATED. The same secret signs the gateway's calls to internal routes (the API key check),
 * with another `use`, so that a viewer's vouch cannot be replayed there and the reverse.
 *
 * A vouch is the hub's own token, made only by signJwtHs256 below, so it is checked here with
 * node:crypto against exactly that shape (header, HMAC compared in constant time, then the
 * claims), synchronously: every subgraph fetch of every request checks one, and this costs a few
 * microseconds where a general JWT library's asynchronous verification costs about a hundred or
 * more. Tokens from outside (providers, HS256 clients) are verified with jose.
 */

export const VIEWER_HEADER = 'x-hub-viewer';
export const INTERNAL_AUTHORIZATION_HEADER = 'x-hub-internal';
export const INTERNAL_AUDIENCE = 'sii-hub-internal';
const INTERNAL_ISSUER = 'sii-hub-gateway';
export const VOUCH_LIFETIME_SECONDS = 60;
/** Clock skew between the hub's own processes (one machine or one cluster). */
const INTERNAL_CLOCK_SKEW_SECONDS = 5;

/**
 * The secret an in-process hub (tests, the benchmark's in-process levers) uses when none is given:
 * random per process, so it is shared by a gateway and subgraphs running together and by no one else.
 * Services run on their own (bin/serve) always get HUB_INTERNAL_SECRET from the configuration.
 */
export const PROCESS_INTERNAL_SECRET = randomBytes(32).toString('base64url');

type Use = 'viewer' | 'service';

function signInternal(use: Use, claims: Record<string, unknown>, secret: string, lifetimeSeconds = VOUCH_LIFETIME_SECONDS, issuedAt?: number): string {
  const iat = issuedAt ?? Math.floor(Date.now() / 1000);
  return signJwtHs256({ ...claims, use, iss: INTERNAL_ISSUER, aud: INTERNAL_AUDIENCE, iat, exp: iat + lifetimeSeconds }, secret);
}

/** The header segment signJwtHs256 writes: a vouch with any other header is not the gateway's. */
const HEADER_SEGMENT = signJwtHs256({}, 'header-only').split('.')[0];

function verifyInternal(use: Use, token: string, secret: string): Record<string, unknown> {
  const refuse = (reason: string) => new AuthenticationError(`Invalid ${use === 'viewer' ? VIEWER_HEADER : INTERNAL_AUTHORIZATION_HEADER} header: ${reason}`);
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER_SEGMENT) throw refuse('not a token of the gateway');
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse('the signature does not verify');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw refuse('the token is malformed');
  }
  if (payload === null || typeof payload !== 'object') throw refuse('the token is malformed');
  if (payload.iss !== INTERNAL_ISSUER || payload.aud !== INTERNAL_AUDIENCE) throw refuse('the token is meant for another audience');
  if (payload.use !== use) throw refuse('the token is not meant for this use');
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') throw refuse('the token has no iat or exp');
  const now = Math.floor(Date.now() / 1000);
  if (exp + INTERNAL_CLOCK_SKEW_SECONDS < now) throw refuse('the token has expired');
  if (iat - INTERNAL_CLOCK_SKEW_SECONDS > now) throw refuse('the token is issued in the future');
  if (exp - iat > VOUCH_LIFETIME_SECONDS) throw refuse(`the token lives longer than ${VOUCH_LIFETIME_SECONDS} s`);
  return payload;
}

const vouchSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  member: z.string().min(1).nullable(),
  cred: z.enum(['oidc', 'hs256', 'api-key']),
});

/** The gateway's word for an authenticated viewer (the anonymous reader needs none). */
export function signVouch(viewer: Viewer, secret: string, issuedAt?: number): string {
  if (viewer.anonymous || !viewer.subject || !viewer.credential) throw new Error('Only an authenticated viewer is vouched for');
  return signInternal('viewer', { sub: viewer.subject, role: viewer.role, member: viewer.memberCode, cred: viewer.credential }, secret, VOUCH_LIFETIME_SECONDS, issuedAt);
}

/** A vouch is given again to the same viewer for this long after it was signed (it still lives 40 s more). */
export const VOUCH_REUSE_SECONDS = 20;
/** Viewers whose vouch is kept at most. */
const VOUCHES_KEPT = 10_000;

/**
 * The gateway's vouches, signed once per viewer and given again for VOUCH_REUSE_SECONDS: a vouch
 * names a viewer, not a request, so every request of that viewer may carry the same one while it
 * has most of its life left (signing one per request was about a twentieth of the gateway's CPU
 * under ten clients). A viewer with another role, member or credential is another viewer.
 */
export class VouchSigner {
  private readonly kept = new Map<string, { vouch: string; signedAt: number }>();
  /** Vouches signed so far (for tests). */
  signed = 0;

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  vouchFor(viewer: Viewer): string {
    const key = JSON.stringify([viewer.subject, viewer.role, viewer.memberCode, viewer.credential]);
    const known = this.kept.get(key);
    // Whole seconds, as the vouch's own iat: a reused vouch is never older than the window says.
    const nowSeconds = Math.floor(this.now() / 1000);
    if (known && nowSeconds - known.signedAt < VOUCH_REUSE_SECONDS) return known.vouch;
    const vouch = signVouch(viewer, this.secret, nowSeconds);
    this.signed += 1;
    if (this.kept.size >= VOUCHES_KEPT) this.kept.clear();
    this.kept.set(key, { vouch, signedAt: nowSeconds });
    return vouch;
  }
}

/** The viewer a vouch describes and when the vouch expires (seconds); AuthenticationError when it does not verify. */
function verifiedVouch(token: string, secret: string): { viewer: Viewer; exp: number } {
  const payload = verifyInternal('viewer', token, secret);
  const claims = vouchSchema.safeParse(payload);
  if (!claims.success) throw new AuthenticationError(`Invalid ${VIEWER_HEADER} header: ${claims.error.issues[0].message}`);
  const { sub, role, member, cred } = claims.data;
  if (role === 'MEMBER_AGENT' && !member) throw new AuthenticationError(`Invalid ${VIEWER_HEADER} header: a MEMBER_AGENT needs a member`);
  // verifyInternal has checked that exp is a number.
  return { viewer: { subject: sub, role, memberCode: role === 'MEMBER_AGENT' ? member : null, anonymous: false, credential: cred }, exp: payload.exp as number };
}

/** The viewer a vouch describes; AuthenticationError when it does not verify. */
export async function verifyVouch(token: string, secret: string): Promise<Viewer> {
  return verifiedVouch(token, secret).viewer;
}

/**
 * A subgraph's memory of the vouches it verified, by their exact text: the gateway gives one vouch
 * per viewer for VOUCH_REUSE_SECONDS (VouchSigner), so a subgraph meets the same one again and
 * again. One that verified is believed again until it expires (its `exp` with the same clock
 * skew verifyVouch allows); one that failed is checked again every time.
 */
export class VerifiedVouches {
  private readonly kept = new Map<string, { viewer: Viewer; until: number }>();
  /** Signature checks done (for tests). */
  verifications = 0;

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  async viewerOf(token: string): Promise<Viewer> {
    const known = this.kept.get(token);
    if (known && known.until > this.now()) return { ...known.viewer };
    this.verifications += 1;
    const { viewer, exp } = verifiedVouch(token, this.secret);
    if (this.kept.size >= VOUCHES_KEPT) this.kept.clear();
    this.kept.set(token, { viewer, until: (exp + INTERNAL_CLOCK_SKEW_SECONDS) * 1000 });
    return { ...viewer };
  }
}

/** A token for the gateway's own calls to a service's internal routes. */
export function signServiceToken(secret: string): string {
  return signInternal('service', { sub: 'gateway' }, secret);
}

export async function verifyServiceToken(token: string | undefined, secret: string): Promise<void> {
  if (!token) throw new AuthenticationError(`This internal route needs the ${INTERNAL_AUTHORIZATION_HEADER} header`);
  verifyInternal('service', token, secret);
}
