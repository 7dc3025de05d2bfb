import { createHash } from 'node:crypto';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  print,
  visit,
} from 'graphql';
import { sdkSchemaRecordOf } from './sdk-version';

/** One operation of the SDK as the gateway stores it: its full text (with the fragments it uses) and that text's SHA-256. */
export interface PersistedOperation {
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
  sha256: string;
}

/** Apollo's automatic-persisted-query hash: hex SHA-256 of the exact query text. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

function fragmentSpreadsOf(node: OperationDefinitionNode | FragmentDefinitionNode): string[] {
  const names: string[] = [];
  visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
  return names;
}

/**
 * Each named operation of the documents, printed canonically and followed by every fragment it
 * uses (transitively, by name), so that its text is self-contained and its hash stable.
 */
export function persistedOperationsOf(documents: DocumentNode[]): PersistedOperation[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const document of documents) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      if (definition.kind === Kind.OPERATION_DEFINITION) {
        if (!definition.name) throw new Error('Every SDK operation needs a name: it becomes the client method');
        operations.push(definition);
      }
    }
  }
  return operations
    .map((operation) => {
      const used = new Set<string>();
      const pending = fragmentSpreadsOf(operation);
      while (pending.length > 0) {
        const name = pending.pop()!;
        if (used.has(name)) continue;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`Operation ${operation.name!.value} uses unknown fragment ${name}`);
        used.add(name);
        pending.push(...fragmentSpreadsOf(fragment));
      }
      const body = [print(operation), ...[...used].sort().map((name) => print(fragments.get(name)!))].join('\n\n');
      return { name: operation.name!.value, type: operation.operation, body, sha256: sha256Hex(body) } as PersistedOperation;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The manifest the gateway loads: SHA-256 → operation text. */
export type PersistedOperationManifest = Record<string, string>;

export function manifestOf(operations: PersistedOperation[]): PersistedOperationManifest {
  return Object.fromEntries(operations.map((operation) => [operation.sha256, operation.body]));
}

interface PluginConfig {
  /**
   * `manifest`: sdk/persisted-operations.json; `operations`: the SDK's operation table (documents,
   * hashes, types); `typed-documents`: each operation's text typed by the result and variables types
   * that typescript-operations writes into the same file (the gateway's own operations);
   * `schema-record`: sdk/api-schema.graphql, the API schema with the SDK version it was generated at (scripts/sdk-version.ts).
   */
  output: 'manifest' | 'operations' | 'typed-documents' | 'schema-record';
  /**
   * graphql-codegen's `importExtension` (set per output in codegen.ts): appended to relative imports.
   * The SDK uses `.js`, which Node's ESM resolution and TypeScript's `nodenext` require.
   */
  importExtension?: string;
}

const OPERATION_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** `Types.<Name>Query` and its variables: the names typescript-operations gives an operation's types. */
function typeNamesOf(operation: PersistedOperation, prefix = ''): { result: string; variables: string } {
  const suffix = operation.type === 'mutation' ? 'Mutation' : operation.type === 'subscription' ? 'Subscription' : 'Query';
  const result = `${prefix}${operation.name}${suffix}`;
  return { result, variables: `${result}Variables` };
}

/** The TypeScript module listing every operation with its text, hash and the types typescript-operations generated for it. */
function operationsModule(operations: PersistedOperation[], importExtension: string): string {
  const lines = [`import type * as Types from './graphql${importExtension}';`, '', ...OPERATION_MODULE_PRELUDE, ''];
  for (const operation of operations) {
    lines.push(`export const ${operation.name}Document = ${JSON.stringify(operation.body)};`);
  }
  lines.push('', '/** Every SDK operation, by client method name (the operation name in camelCase). */', 'export const operations = {');
  for (const operation of operations) {
    const types = typeNamesOf(operation, 'Types.');
    const method = operation.name[0].toLowerCase() + operation.name.slice(1);
    lines.push(
      `  ${method}: operation<${types.result}, ${types.variables}>('${operation.name}', '${operation.type}', ${operation.name}Document, '${operation.sha256}'),`,
    );
  }
  lines.push('} as const;', '');
  return lines.join('\n');
}

const OPERATION_MODULE_PRELUDE = [
  '/** One operation of the SDK; the type parameters carry its result and variables types. */',
  'export interface HubOperation<TResult, TVariables> {',
  '  readonly name: string;',
  "  readonly type: 'query' | 'mutation' | 'subscription';",
  '  /** The exact text listed in sdk/persisted-operations.json. */',
  '  readonly document: string;',
  '  /** SHA-256 of `document`: its key in sdk/persisted-operations.json. */',
  '  readonly sha256: string;',
  '  /** Type-level only. */',
  '  readonly __types?: { result: TResult; variables: TVariables };',
  '}',
  '',
  'function operation<TResult, TVariables>(',
  '  name: string,',
  "  type: HubOperation<TResult, TVariables>['type'],",
  '  document: string,',
  '  sha256: string,',
  '): HubOperation<TResult, TVariables> {',
  '  return { name, type, document, sha256 };',
  '}',
];

/** Appended to typescript-operations' output: `<Name>Document`, the operation's text carrying its types. */
function typedDocumentsModule(operations: PersistedOperation[]): string {
  const lines = [
    '',
    '/** The exact text of an operation; the type parameters carry its result and variables types (type-level only). */',
    'export type TypedDocument<TResult, TVariables> = string & { readonly __types?: { result: TResult; variables: TVariables } };',
    '',
  ];
  for (const operation of operations) {
    const types = typeNamesOf(operation);
    lines.push(`export const ${operation.name}Document = ${JSON.stringify(operation.body)} as TypedDocument<${types.result}, ${types.variables}>;`);
  }
  return `${lines.join('\n')}\n`;
}

/** A graphql-codegen plugin (loaded through codegen.ts's pluginLoader) writing the SDK's operation table, the manifest, the schema record and the gateway's typed documents. */
export const persistedOperationsPlugin = {
  plugin(schema: GraphQLSchema, documentFiles: { document?: DocumentNode }[], config: PluginConfig): string {
    if (config.output === 'schema-record') return sdkSchemaRecordOf(schema);
    const operations = persistedOperationsOf(documentFiles.flatMap((file) => (file.document ? [file.document] : [])));
    for (const operation of operations) {
      if (!OPERATION_NAME.test(operation.name)) throw new Error(`Operation names are PascalCase (they become Types.<Name>Query): ${operation.name}`);
    }
    if (config.output === 'manifest') return `${JSON.stringify(manifestOf(operations), null, 2)}\n`;
    if (config.output === 'typed-documents') return typedDocumentsModule(operations);
    return operationsModule(operations, config.importExtension ?? '');
  },
};
