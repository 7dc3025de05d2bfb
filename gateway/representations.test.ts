import { distinctRepresentations, expandEntities } from './representations';

const app = (id: string) => ({ __typename: 'Application', id });

describe('distinctRepresentations', () => {
  it('sends each repeated representation once and remembers where each came from', () => {
    expect(distinctRepresentations([app('a'), app('b'), app('a'), app('a'), app('c'), app('b')])).toEqual({
      distinct: [app('a'), app('b'), app('c')],
      positions: [0, 1, 0, 0, 2, 1],
    });
  });

  it('leaves alone what has no repeat, and what is no list', () => {
    expect(distinctRepresentations([app('a'), app('b')])).toBeUndefined();
    expect(distinctRepresentations([app('a')])).toBeUndefined();
    expect(distinctRepresentations(undefined)).toBeUndefined();
    expect(distinctRepresentations({ representations: [app('a'), app('a')] })).toBeUndefined();
  });

  it('tells apart representations of different types with the same key', () => {
    const member = { __typename: 'Member', id: 'a' };
    expect(distinctRepresentations([app('a'), member, app('a')])?.distinct).toEqual([app('a'), member]);
  });
});

describe('expandEntities', () => {
  const repeated = distinctRepresentations([app('a'), app('b'), app('a')])!;

  it('gives every position the answer of its representation', () => {
    const answer = expandEntities({ data: { _entities: [{ name: 'A' }, { name: 'B' }] } }, repeated);
    expect(answer.data).toEqual({ _entities: [{ name: 'A' }, { name: 'B' }, { name: 'A' }] });
  });

  it('repeats an entity error at every position that shared the representation, and keeps other errors', () => {
    const answer = expandEntities(
      {
        data: { _entities: [null, { name: 'B' }] },
        errors: [
          { message: 'A is gone', path: ['_entities', 0, 'name'] },
          { message: 'unrelated', path: ['other'] },
          { message: 'no path' },
        ],
      },
      repeated,
    );
    expect(answer.data).toEqual({ _entities: [null, { name: 'B' }, null] });
    expect(answer.errors).toEqual([
      { message: 'A is gone', path: ['_entities', 0, 'name'] },
      { message: 'A is gone', path: ['_entities', 2, 'name'] },
      { message: 'unrelated', path: ['other'] },
      { message: 'no path' },
    ]);
  });

  it('passes a failed fetch (no data) through', () => {
    expect(expandEntities({ data: null, errors: [{ message: 'down' }] }, repeated)).toEqual({ data: null, errors: [{ message: 'down' }] });
  });
});
