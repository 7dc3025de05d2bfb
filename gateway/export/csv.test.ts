import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes separators, quotes and line breaks, and leaves nulls empty', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: 'x,y', b: 'say "hi"', c: null }, { a: 'line\nbreak', b: 1.5, c: true }], false)).toBe(
      'a,b,c\r\n"x,y","say ""hi""",\r\n"line\nbreak",1.5,true\r\n',
    );
    expect(toCsv(['a', 'b'], [{ a: 'x;y', b: 1.5 }], true)).toBe('\uFEFFa;b\r\n"x;y";1,5\r\n');
  });
});
