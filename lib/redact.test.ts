import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('redis://hub:s3cret@cache.internal:6380/2')).toBe('redis://hub:***@cache.internal:6380/2');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes what it cannot parse', () => {
    expect(redactUrl('not a url with p4ss')).toBe('redis');
    expect(redactUrl('::', 'database')).toBe('database');
  });
});
