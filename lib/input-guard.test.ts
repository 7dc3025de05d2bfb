import { parse } from 'graphql';
import { fieldWithNul } from './input-guard';

/**
 * The NUL guard's memory per parsed document: the literals are judged once per document, the
 * variables every time (the guard's answers over HTTP are in test/hardening-limits.test.ts).
 */
it('judges the variables of every request, though the document is the same object', () => {
  const document = parse('query Open($title: String!) { openTicket(input: { title: $title }) { reference } }');
  expect(fieldWithNul(document, { title: 'clean' })).toBeUndefined();
  expect(fieldWithNul(document, { title: 'bad\u0000' })).toBe('title');
  expect(fieldWithNul(document, { title: 'clean again' })).toBeUndefined();
  expect(fieldWithNul(document, { input: { nested: ['ok', 'x\u0000'] } })).toBe('input.nested[1]');
});

it('names a literal holding a NUL every time the same document comes back, whatever its variables', () => {
  const document = parse('{ tickets(filter: { search: "a\\u0000b" }) { totalCount } }');
  for (let round = 0; round < 3; round += 1) {
    expect(fieldWithNul(document, {})).toBe('filter.search');
    expect(fieldWithNul(document, { unrelated: 'fine' })).toBe('filter.search');
  }
  // A variable at fault is named first, as before.
  expect(fieldWithNul(document, { title: '\u0000' })).toBe('title');
  // Another document with the same text is judged on its own.
  expect(fieldWithNul(parse('{ tickets(filter: { search: "clean" }) { totalCount } }'), {})).toBeUndefined();
});
