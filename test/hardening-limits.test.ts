import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { isEnumType, Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, parse, validate, visit } from 'graphql';
import { operationCost } from '../lib/cost';
import { MAX_PAGE_SIZE } from '../lib/connection';
import { OPERATION_LIMITS, SUBGRAPH_OPERATION_LIMITS } from '../lib/limits';
import { PROJECT_ROOT, SDK_OPERATIONS_DIR, SUPERGRAPH_PATH } from '../lib/paths';
import { buildFederatedSchema } from '../lib/subgraph';
import { playgroundTabs } from '../gateway/playground';
import { apiSchemaOf } from '../scripts/api-schema';
import { crossSubgraphQuery, memberTicketPagesEntitiesQuery } from '../scripts/bench/queries';
import { subgraphNamed } from '../subgraphs';

/**
 * Issue 11 ("Hardening"), items 1, 2, 7 and 8: limits computed on the operation actually run (with
 * its variables), the same limits on every subgraph's own port, what a timed-out mutation tells its
 * client, and bad input answered BAD_USER_INPUT instead of a server failure. Each describe block
 * fails on the code before the fix (noted per block).
 */
jest.setTimeout(120_000);

const apiSchema = apiSchemaOf(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));

/** Three nested pages of `size` (the review's attack): tickets → application → tickets → history. */
const nestedPagesWithLiterals = (size: number) => `{ tickets(first: ${size}) { edges { node { reference application { tickets(first: ${size}) { edges { node { reference history(first: ${size}) { edges { node { from to at by comment } } } } } } } } } } }`;
const NESTED_PAGES_WITH_VARIABLES = `query Nested($n: Int) { tickets(first: $n) { edges { node { reference application { tickets(first: $n) { edges { node { reference history(first: $n) { edges { node { from to at by comment } } } } } } } } } } }`;

/** Every operation of a document with worst-case variables: each variable given to a `first` argument at the page cap. */
function operationsOf(document: DocumentNode, given: Record<string, Record<string, unknown>> = {}): { name: string | undefined; variables: Record<string, unknown> }[] {
  return document.definitions
    .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const pageVariables: Record<string, unknown> = {};
      visit(operation, {
        Argument(node) {
          if (node.name.value === 'first' && node.value.kind === Kind.VARIABLE) pageVariables[node.value.name.value] = MAX_PAGE_SIZE;
        },
      });
      // Required variables nobody gave (the exports'): a value of their type.
      const required: Record<string, unknown> = {};
      for (const definition of operation.variableDefinitions ?? []) {
        if (definition.type.kind !== Kind.NON_NULL_TYPE || definition.type.type.kind !== Kind.NAMED_TYPE) continue;
        const type = apiSchema.getType(definition.type.type.name.value);
        const sample = type && isEnumType(type) ? type.getValues()[0].value : ({ Int: 2018, String: 'x', ID: 'x', Boolean: true } as Record<string, unknown>)[definition.type.type.name.value];
        if (sample !== undefined) required[definition.variable.name.value] = sample;
      }
      const name = operation.name?.value;
      return { name, variables: { ...required, ...(name ? given[name] : {}), ...pageVariables } };
    });
}

/** The ```graphql blocks and the curl bodies' queries of the README and docs/ that are operations of the API. */
function documentedOperations(schema: GraphQLSchema): { source: string; document: DocumentNode }[] {
  const files = ['README.md', ...fs.readdirSync(path.join(PROJECT_ROOT, 'docs')).map((file) => path.join('docs', file)), path.join('sdk', 'README.md')];
  const found: { source: string; document: DocumentNode }[] = [];
  for (const file of files.filter((f) => f.endsWith('.md'))) {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
    const texts = [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    texts.push(...[...text.matchAll(/"query"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string));
    for (const source of texts) {
      let document: DocumentNode;
      try {
        document = parse(source);
      } catch {
        continue; // a fragment of a query, or SDL
      }
      if (!document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) continue;
      if (validate(schema, document).length > 0) continue; // e.g. a subgraph's own query
      found.push({ source: `${file}: ${source.trim().slice(0, 60)}`, document });
    }
  }
  return found;
}

describe('item 1: the cost is that of the operation run, variables included', () => {
  const costOf = (query: string, variables: Record<string, unknown> = {}) => operationCost(apiSchema, parse(query), variables).cost;

  it('counts `first: $n` as it counts `first: 100`, and a default value as its value', () => {
    expect(costOf(NESTED_PAGES_WITH_VARIABLES, { n: 100 })).toBe(costOf(nestedPagesWithLiterals(100)));
    expect(costOf(NESTED_PAGES_WITH_VARIABLES.replace('$n: Int', '$n: Int = 100'))).toBe(costOf(nestedPagesWithLiterals(100)));
    expect(costOf(NESTED_PAGES_WITH_VARIABLES, { n: 100 })).toBeGreaterThan(OPERATION_LIMITS.maxCost * 10);
  });

  it('counts fragments and aliases as the fields they stand for', () => {
    const plain = costOf('{ tickets(first: 50) { edges { node { reference title } } } }');
    expect(costOf('query { tickets(first: 50) { edges { node { ...T } } } } fragment T on Ticket { reference title }')).toBe(plain);
    expect(costOf('{ a: tickets(first: 50) { edges { node { reference title } } } b: tickets(first: 50) { edges { node { reference title } } } }')).toBe(2 * plain + 0);
  });

  it('lets every operation the hub’s own clients send through, at its largest', () => {
    const examples = JSON.parse(fs.readFileSync(path.join(SDK_OPERATIONS_DIR, 'examples.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const measured: Record<string, number> = {};
    for (const tab of playgroundTabs()) {
      const document = parse(tab.query);
      for (const { name, variables } of operationsOf(document, examples)) measured[`sdk ${name}`] = operationCost(apiSchema, document, variables, name).cost;
    }
    const exportsDocument = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'gateway', 'export', 'operations.graphql'), 'utf8'));
    for (const { name, variables } of operationsOf(exportsDocument)) measured[`export ${name}`] = operationCost(apiSchema, exportsDocument, variables, name).cost;
    for (const { source, document } of documentedOperations(apiSchema)) {
      for (const { name, variables } of operationsOf(document)) measured[`docs ${source} ${name ?? ''}`] = operationCost(apiSchema, document, variables, name).cost;
    }
    measured['bench cross-subgraph query, 1008 parent tickets'] = operationCost(apiSchema, parse(crossSubgraphQuery(84)), {}).cost;
    measured['bench cross-subgraph query, pages of 100'] = operationCost(apiSchema, parse(crossSubgraphQuery('$size')), { size: 100 }).cost;
    measured['bench members'] = operationCost(apiSchema, parse('{ members { code name kind hasOptionalCompetences delegates { fullName role } } }')).cost;
    console.log(Object.entries(measured).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, cost]) => `${cost}\t${name}`).join('\n'));
    expect(Object.keys(measured).length).toBeGreaterThan(40);
    const over = Object.entries(measured).filter(([, cost]) => cost > OPERATION_LIMITS.maxCost);
    expect(over).toEqual([]);
  });

  it('lets the bench’s `_entities` query through on the operations subgraph', async () => {
    const schema = await buildFederatedSchema(subgraphNamed('operations'));
    const { query, representations } = memberTicketPagesEntitiesQuery();
    const measured = operationCost(schema, parse(query), { representations });
    console.log(`bench _entities query on operations: ${measured.cost}`);
    expect(measured.entities).toBe(6);
    expect(measured.cost).toBeLessThanOrEqual(SUBGRAPH_OPERATION_LIMITS.maxCost);
  });
});
