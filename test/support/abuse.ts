import { signToken } from '../../lib/auth';
import { TEST_JWT_SECRET } from './hub';

/** What the abuse and security suites need from one raw HTTP exchange. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  contentType: string;
  json: any;
  codes: (string | undefined)[];
}

/** Sends a request exactly as given (no helper fixes it up) and reads the JSON answer. */
export async function send(url: string, init: RequestInit = {}): Promise<RawAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { notJson: text.slice(0, 200) };
  }
  return {
    status: response.status,
    headers: response.headers,
    contentType: response.headers.get('content-type') ?? '',
    json,
    codes: (json?.errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code),
  };
}

export const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens an attacker can make without the hub's secret. */
export const forgedTokens = {
  /** The right claims, signed with some other secret. */
  otherSecret: (role = 'SII_STAFF') => signToken({ sub: 'mallory', role: role as 'SII_STAFF' }, 'another-secret-of-sixteen-characters'),
  /** `alg: none`, no signature at all. */
  algNone: (role = 'SII_STAFF') => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'mallory', role, iat: Math.floor(Date.now() / 1000) })}.`,
  /** A real token whose payload was edited afterwards (READER turned into SII_STAFF). */
  tamperedPayload: () => {
    const [header, , signature] = signToken({ sub: 'reader', role: 'READER' }, TEST_JWT_SECRET).split('.');
    return `${header}.${base64url({ sub: 'reader', role: 'SII_STAFF', iat: Math.floor(Date.now() / 1000) })}.${signature}`;
  },
  /** HS256 with the right secret but expired. */
  expired: () => signToken({ sub: 'staff', role: 'SII_STAFF' }, TEST_JWT_SECRET, -60),
  /** Signed correctly but with a role the hub does not know. */
  unknownRole: () => signToken({ sub: 'root', role: 'ADMIN' as 'SII_STAFF' }, TEST_JWT_SECRET),
  /** A member agent without the member claim it needs. */
  agentWithoutMember: () => signToken({ sub: 'agent', role: 'MEMBER_AGENT' }, TEST_JWT_SECRET),
};
