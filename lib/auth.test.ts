import { ANONYMOUS_VIEWER, createGatewayAuthenticator, type Role, requireRole, signToken, type Viewer } from './auth';
import { credentialError, credentialHttpError } from './identity/errors';
import { hs256Settings } from './identity/hs256';

const SECRET = 'unit-test-secret-of-sixteen-characters';
const bearer = (role: Role, member?: string, secret = SECRET) => `Bearer ${signToken({ sub: `${role.toLowerCase()}@test`, role, ...(member ? { member } : {}) }, secret)}`;
const authenticator = createGatewayAuthenticator({ hs256: hs256Settings(SECRET) });
const authenticate = (authorization: string | undefined) => authenticator.authenticate({ authorization });

describe('authenticate', () => {
  it('reads no header as the anonymous reader and a valid token as its viewer', async () => {
    expect(await authenticate(undefined)).toEqual(ANONYMOUS_VIEWER);
    expect(await authenticate('  ')).toEqual(ANONYMOUS_VIEWER);
    expect(await authenticate(bearer('MEMBER_AGENT', 'BOBIGNY'))).toEqual({
      subject: 'member_agent@test',
      role: 'MEMBER_AGENT',
      memberCode: 'BOBIGNY',
      anonymous: false,
      credential: 'hs256',
    });
  });

  it.each([
    ['a token signed with another secret', () => bearer('SII_STAFF', undefined, 'another-secret-of-sixteen-chars')],
    ['another scheme than Bearer', () => 'Token abc'],
    ['a token that is not a JWT', () => 'Bearer not.a.jwt'],
    ['a member agent token without a member claim', () => `Bearer ${signToken({ sub: 'x', role: 'MEMBER_AGENT' }, SECRET)}`],
  ])('refuses %s as UNAUTHENTICATED with HTTP 401, never as anonymous', async (_label, header) => {
    const refusal = await authenticate(header()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(credentialError(refusal)).toEqual(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', http: expect.objectContaining({ status: 401 }) }) }),
    );
    // The exports answer plain HTTP: the same refusal as a 401 with its code.
    expect(credentialHttpError(refusal)).toEqual(expect.objectContaining({ status: 401, code: 'UNAUTHENTICATED' }));
  });
});

describe('the reusable role rule', () => {
  const staff: Viewer = { subject: 'staff@test', role: 'SII_STAFF', memberCode: null, anonymous: false, credential: 'hs256' };
  const agent: Viewer = { subject: 'agent@test', role: 'MEMBER_AGENT', memberCode: 'BOBIGNY', anonymous: false, credential: 'hs256' };

  it('requireRole: anonymous is UNAUTHENTICATED, another role FORBIDDEN, a listed role passes', () => {
    expect(() => requireRole(ANONYMOUS_VIEWER, 'SII_STAFF')).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
    expect(() => requireRole(agent, 'SII_STAFF')).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
    expect(() => requireRole(agent, 'SII_STAFF', 'MEMBER_AGENT')).not.toThrow();
    expect(() => requireRole(staff, 'SII_STAFF')).not.toThrow();
  });
});
