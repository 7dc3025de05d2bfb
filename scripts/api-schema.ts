import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { SUPERGRAPH_PATH } from '../lib/paths';

/**
 * The API schema of a supergraph: what clients see through the gateway, without the
 * federation machinery (join__ types, @join__ directives, @link, inaccessible elements).
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** The API schema as SDL, types sorted by name so that the text does not depend on subgraph order. */
export function printApiSchema(supergraphSdl: string): string {
  return `${printSchema(lexicographicSortSchema(apiSchemaOf(supergraphSdl))).trim()}\n`;
}

/** The committed supergraph's API schema, as SDL: the schema the SDK is generated from. */
export function committedApiSchemaSdl(file = SUPERGRAPH_PATH): string {
  return printApiSchema(fs.readFileSync(file, 'utf8'));
}
