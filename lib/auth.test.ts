import { ANONYMOUS_VIEWER, authenticate, type Role, requireRole, signToken, viewerFromAuthorization } from './auth';

const SECRET = 'unit-test-secret-of-sixteen-characters';
const bearer = (role: Role, member?: string, secret = SECRET) => `Bearer ${signToken({ sub: `${role.toLowerCase()}@test`, role, ...(member ? { member } : {}) }, secret)}`;

describe('authenticate', () => {
  it('reads no header as the anonymous reader and a valid token as its viewer', () => {
    expect(authenticate(undefined, SECRET)).toEqual(ANONYMOUS_VIEWER);
    expect(authenticate('  ', SECRET)).toEqual(ANONYMOUS_VIEWER);
    expect(authenticate(bearer('MEMBER_AGENT', 'BOBIGNY'), SECRET)).toEqual({ subject: 'member_agent@test', role: 'MEMBER_AGENT', memberCode: 'BOBIGNY', anonymous: false });
  });

  it.each([
    ['a token signed with another secret', () => bearer('SII_STAFF', undefined, 'another-secret-of-sixteen-chars')],
    ['another scheme than Bearer', () => 'Token abc'],
    ['a token that is not a JWT', () => 'Bearer not.a.jwt'],
    ['a member agent token without a member claim', () => `Bearer ${signToken({ sub: 'x', role: 'MEMBER_AGENT' }, SECRET)}`],
  ])('refuses %s as UNAUTHENTICATED with HTTP 401, never as anonymous', (_label, header) => {
    expect(() => authenticate(header(), SECRET)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', http: expect.objectContaining({ status: 401 }) }) }),
    );
  });

  it('refuses with the error the caller builds from the message (the exports answer plain HTTP)', () => {
    const refuse = (message: string) => new RangeError(`refused: ${message}`);
    expect(() => authenticate('Bearer not.a.jwt', SECRET, refuse)).toThrow(RangeError);
    expect(() => authenticate('Bearer not.a.jwt', SECRET, refuse)).toThrow(/^refused: Invalid token/);
    expect(authenticate(undefined, SECRET, refuse)).toBe(ANONYMOUS_VIEWER);
  });
});

describe('the reusable role rule', () => {
  const staff = viewerFromAuthorization(bearer('SII_STAFF'), SECRET);
  const agent = viewerFromAuthorization(bearer('MEMBER_AGENT', 'BOBIGNY'), SECRET);

  it('requireRole: anonymous is UNAUTHENTICATED, another role FORBIDDEN, a listed role passes', () => {
    expect(() => requireRole(ANONYMOUS_VIEWER, 'SII_STAFF')).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
    expect(() => requireRole(agent, 'SII_STAFF')).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
    expect(() => requireRole(agent, 'SII_STAFF', 'MEMBER_AGENT')).not.toThrow();
    expect(() => requireRole(staff, 'SII_STAFF')).not.toThrow();
  });
});
