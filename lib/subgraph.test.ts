import { graphql } from 'graphql';
import { Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { buildFederatedSchema, printSubgraphSdl, type SubgraphContext, type SubgraphDefinition } from './subgraph';

/** A made-up subgraph: one entity with a @key, resolved by reference through its own loaders. */
@Directive('@key(fields: "id")')
@ObjectType()
class Widget {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;
}

interface WidgetLoaders {
  widgetById: { load(id: string): Promise<Widget | null> };
}
type WidgetContext = SubgraphContext<WidgetLoaders>;

@Resolver(() => Widget)
class WidgetResolver {
  @Query(() => Widget, { nullable: true })
  widget(@Ctx() { loaders }: WidgetContext): Promise<Widget | null> {
    return loaders.widgetById.load('w1');
  }
}

const WIDGETS = new Map([['w1', Object.assign(new Widget(), { id: 'w1', name: 'First' })]]);
const loaded: string[] = [];
const createLoaders = (): WidgetLoaders => ({
  widgetById: { load: async (id) => (loaded.push(id), WIDGETS.get(id) ?? null) },
});

/** Written for its own key fields and its own context, as the subgraphs' reference resolvers are. */
function resolveWidgetReference(reference: { id: string }, { loaders }: WidgetContext): Promise<Widget | null> {
  return loaders.widgetById.load(reference.id);
}

// No cast: the definition takes the narrow resolver, and the registry type takes the definition.
const widgets: SubgraphDefinition<WidgetLoaders> = {
  name: 'catalogue',
  entities: [],
  migrations: [],
  resolvers: [WidgetResolver],
  referenceResolvers: { Widget: resolveWidgetReference },
  createLoaders,
  seed: async () => undefined,
};
const registry: SubgraphDefinition[] = [widgets];

// A resolver written for another subgraph's context does not fit.
const otherContext = (reference: { id: string }, context: SubgraphContext<{ memberByCode: Map<string, string> }>) => context.loaders.memberByCode.get(reference.id);
// @ts-expect-error its loaders are not this subgraph's (checked by `tsc -p .`, the first step of `npm test`)
const mismatched: SubgraphDefinition<WidgetLoaders> = { ...widgets, referenceResolvers: { Widget: otherContext } };

describe('buildFederatedSchema', () => {
  it('prints the entity with its @key and the federation link', async () => {
    const sdl = await printSubgraphSdl(registry[0]);
    expect(sdl).toMatch(/^extend schema\s+@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.7"/);
    expect(sdl).toContain('type Widget\n  @key(fields: "id")');
  });

  it('answers _entities through the definition’s reference resolver and loaders', async () => {
    const schema = await buildFederatedSchema(registry[0]);
    loaded.length = 0;
    const result = await graphql({
      schema,
      source: 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Widget { id name } } }',
      variableValues: { representations: [{ __typename: 'Widget', id: 'w1' }, { __typename: 'Widget', id: 'missing' }] },
      contextValue: { loaders: createLoaders() },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ _entities: [{ id: 'w1', name: 'First' }, null] });
    expect(loaded).toEqual(['w1', 'missing']);
  });
});
