import type { Viewer } from '../lib/auth';
import { viewerShareKey } from './deduplication';

describe('viewerShareKey', () => {
  const agent: Viewer = { subject: 'Power BI – Bobigny "tickets"\n', role: 'MEMBER_AGENT', memberCode: 'BOBIGNY', anonymous: false, credential: 'api-key' };

  it('is a legal HTTP header value whatever the subject holds', () => {
    expect(viewerShareKey(agent)).toMatch(/^[\x21-\x7e]+$/);
  });

  it('tells apart viewers that differ in any part the vouch carries', () => {
    const variants: Viewer[] = [
      agent,
      { ...agent, subject: 'Power BI – Bobigny' },
      { ...agent, memberCode: 'SYREC' },
      { ...agent, role: 'SII_STAFF', memberCode: null },
      { ...agent, credential: 'oidc' },
      { subject: null, role: 'READER', memberCode: null, anonymous: true },
    ];
    expect(new Set(variants.map(viewerShareKey)).size).toBe(variants.length);
    expect(viewerShareKey({ ...agent })).toBe(viewerShareKey(agent));
  });
});
