import { createErrorFormatter } from './errors';

describe('error masking', () => {
  const production = createErrorFormatter(false);
  const development = createErrorFormatter(true);

  it('hides unexpected errors outside development', () => {
    const formatted = production({ message: 'relation "governance.member" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } });
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(production({ message: 'connect ECONNREFUSED 10.0.0.5:5432' })).toMatchObject({ message: 'Internal server error' });
    expect(development({ message: 'boom', extensions: { stacktrace: ['at x'] } })).toMatchObject({ message: 'boom', extensions: { stacktrace: ['at x'] } });
  });

  it('keeps coded client errors but drops stack traces and a failed fetch\'s response (URL, body)', () => {
    const formatted = production({
      message: 'This operation is reserved to role SII_STAFF',
      extensions: { code: 'FORBIDDEN', stacktrace: ['at y'], response: { url: 'http://10.0.0.5:4001/graphql', body: '...' } },
    });
    expect(formatted).toEqual({ message: 'This operation is reserved to role SII_STAFF', extensions: { code: 'FORBIDDEN' } });
  });
});
