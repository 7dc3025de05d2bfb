import { partOf, SiblingFetches, type EntitiesAnswer } from './sibling-fetches';

/** A subgraph stand-in: records each request's representations and answers `{ id }` per representation. */
function recordingSend() {
  const sent: unknown[][] = [];
  const send = async (representations: unknown[]): Promise<EntitiesAnswer> => {
    sent.push(representations);
    return { data: { _entities: representations.map((representation) => ({ id: (representation as { id: string }).id })) } };
  };
  return { sent, send };
}

const rep = (id: string) => ({ __typename: 'Application', id });

describe('SiblingFetches', () => {
  it('sends the siblings of one operation started in the same turn as one request, each getting its own part', async () => {
    const siblings = new SiblingFetches<EntitiesAnswer>();
    const { sent, send } = recordingSend();
    const operation = {};
    const [first, second] = await Promise.all([
      siblings.join(operation, 'doc', [rep('a'), rep('b')], send),
      Promise.resolve().then(() => siblings.join(operation, 'doc', [rep('c')], send)),
    ]);
    expect(sent).toEqual([[rep('a'), rep('b'), rep('c')]]);
    expect(first.data).toEqual({ _entities: [{ id: 'a' }, { id: 'b' }] });
    expect(second.data).toEqual({ _entities: [{ id: 'c' }] });
  });

  it('never merges fetches of two operations, of two documents, or of two turns', async () => {
    const siblings = new SiblingFetches<EntitiesAnswer>();
    const { sent, send } = recordingSend();
    const one = {};
    const other = {};
    await Promise.all([siblings.join(one, 'doc', [rep('a')], send), siblings.join(other, 'doc', [rep('b')], send), siblings.join(one, 'other doc', [rep('c')], send)]);
    await siblings.join(one, 'doc', [rep('d')], send);
    expect(sent).toEqual([[rep('a')], [rep('b')], [rep('c')], [rep('d')]]);
  });

  it('gives each part its own errors, re-indexed, and every part the errors of the whole fetch', async () => {
    const siblings = new SiblingFetches<EntitiesAnswer>();
    const operation = {};
    const send = async (representations: unknown[]): Promise<EntitiesAnswer> => ({
      data: { _entities: representations.map((_, index) => (index === 2 ? null : { index })) },
      errors: [
        { message: 'third failed', path: ['_entities', 2, 'name'] },
        { message: 'the whole fetch' },
      ],
    });
    const [first, second] = await Promise.all([siblings.join(operation, 'doc', [rep('a'), rep('b')], send), siblings.join(operation, 'doc', [rep('c'), rep('d')], send)]);
    expect(first.errors).toEqual([{ message: 'the whole fetch' }]);
    expect(second.errors).toEqual([{ message: 'third failed', path: ['_entities', 0, 'name'] }, { message: 'the whole fetch' }]);
    expect(second.data).toEqual({ _entities: [null, { index: 3 }] });
  });

  it('fails every sibling with the error of the merged fetch', async () => {
    const siblings = new SiblingFetches<EntitiesAnswer>();
    const operation = {};
    const send = async () => {
      throw new Error('subgraph away');
    };
    const results = await Promise.allSettled([siblings.join(operation, 'doc', [rep('a')], send), siblings.join(operation, 'doc', [rep('b')], send)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((result) => (result as PromiseRejectedResult).reason.message)).toEqual(['subgraph away', 'subgraph away']);
  });

  it('keeps an answer without entities (a refusal) whole for every part', () => {
    const refusal: EntitiesAnswer = { data: null, errors: [{ message: 'refused', extensions: { code: 'BAD_USER_INPUT' } }] };
    expect(partOf(refusal, 3, 2)).toEqual(refusal);
  });
});
