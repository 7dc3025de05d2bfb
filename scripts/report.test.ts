import { formatCount } from './report';

describe('formatCount', () => {
  it('prints figures as the report does', () => {
    expect([formatCount(null), formatCount(0), formatCount(4490), formatCount(10000), formatCount(860979432), formatCount(-4)]).toEqual([
      '',
      '0',
      '4490',
      '10 000',
      '860 979 432',
      '-4',
    ]);
  });
});
