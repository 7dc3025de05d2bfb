import { GraphQLError } from 'graphql';
import { createErrorFormatter, isDatabaseUnavailable } from './errors';

describe('error masking', () => {
  const production = createErrorFormatter(false);
  const development = createErrorFormatter(true);

  it('hides unexpected errors outside development', () => {
    const formatted = production({ message: 'relation "governance.member" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } });
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(production({ message: 'connect ECONNREFUSED 10.0.0.5:5432' })).toMatchObject({ message: 'Internal server error' });
    expect(development({ message: 'boom', extensions: { stacktrace: ['at x'] } })).toMatchObject({ message: 'boom', extensions: { stacktrace: ['at x'] } });
  });

  it('never sends the stack trace of a coded client error, in development either', () => {
    const refused = { message: 'Tickets need a token', path: ['member', 'tickets'], extensions: { code: 'UNAUTHENTICATED', stacktrace: ['GraphQLError: …', 'at downstreamServiceError'], serviceName: 'operations' } };
    expect(development(refused)).toEqual({ message: 'Tickets need a token', path: ['member', 'tickets'], extensions: { code: 'UNAUTHENTICATED', serviceName: 'operations' } });
    expect(production(refused)).toEqual({ message: 'Tickets need a token', path: ['member', 'tickets'], extensions: { code: 'UNAUTHENTICATED', serviceName: 'operations' } });
  });

  it('keeps coded client errors but drops stack traces and a failed fetch\'s response (URL, body)', () => {
    const formatted = production({
      message: 'This operation is reserved to role SII_STAFF',
      extensions: { code: 'FORBIDDEN', stacktrace: ['at y'], response: { url: 'http://10.0.0.5:4001/graphql', body: '...' } },
    });
    expect(formatted).toEqual({ message: 'This operation is reserved to role SII_STAFF', extensions: { code: 'FORBIDDEN' } });
  });
});

describe('the database being away', () => {
  const production = createErrorFormatter(false);
  const development = createErrorFormatter(true);
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' });
  const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  const startingUp = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
  const terminated = new Error('Connection terminated unexpectedly');
  const poolTimeout = Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' });
  const wrapped = (inner: Error) => new GraphQLError('failed', { originalError: Object.assign(new Error('driver'), { cause: inner }) });

  it.each([
    ['a refused connection', refused],
    ['an administrator shutdown (57P01)', shutdown],
    ['a server starting up (57P03)', startingUp],
    ['a connection cut', terminated],
    ['no connection from the pool in time', poolTimeout],
    ['a wrapped refusal', wrapped(refused)],
    ['an AggregateError of refusals', new AggregateError([refused, refused], 'connect failed')],
    ['a driver error thrown as a plain object', new Error('Unexpected error value: { errno: -111, code: "ECONNREFUSED", syscall: "connect" }')],
    ['a transaction whose connection died', new Error('Transaction query already complete, run with DEBUG=knex:tx for more info')],
  ])('recognises %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a missing relation', Object.assign(new Error('relation "x" does not exist'), { code: '42P01' })],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['a plain object thrown by a bug', new Error('Unexpected error value: { code: "OOPS" }')],
    ['nothing', undefined],
  ])('does not take %s for it', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('answers SERVICE_UNAVAILABLE with a retry hint, in production and in development, never the connection detail', () => {
    for (const format of [production, development]) {
      const formatted = format({ message: 'connect ECONNREFUSED 127.0.0.1:54329', path: ['members'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped(refused));
      expect(formatted).toEqual({
        message: expect.stringMatching(/^The database is unavailable right now; retry in \d+ s$/),
        path: ['members'],
        extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE', retryAfterSeconds: expect.any(Number) },
      });
    }
  });

  it('leaves coded errors alone even when a connection failure is behind them', () => {
    const formatted = production({ message: 'No member has the code X', extensions: { code: 'BAD_USER_INPUT' } }, wrapped(refused));
    expect(formatted.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
