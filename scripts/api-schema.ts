import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { SUPERGRAPH_PATH } from '../lib/paths';

/** A supergraph links federation's join spec; an API schema (e.g. sdk/api-schema.graphql) does not. */
const JOIN_SPEC_LINK = /@link\(\s*url:\s*"https:\/\/specs\.apollo\.dev\/join\//;

/**
 * The API schema of a supergraph: what clients see through the gateway, without the
 * federation machinery (join__ types, @join__ directives, @link, inaccessible elements).
 * An SDL that is already an API schema (no join spec) is taken as it is.
 */
export function apiSchemaOf(sdl: string): GraphQLSchema {
  return JOIN_SPEC_LINK.test(sdl) ? Supergraph.build(sdl).apiSchema().toGraphQLJSSchema() : buildSchema(sdl);
}

/** The API schema as SDL, types sorted by name so that the text does not depend on subgraph order. */
export function printApiSchema(sdl: string): string {
  return `${printSchema(lexicographicSortSchema(apiSchemaOf(sdl))).trim()}\n`;
}

/** The committed supergraph's API schema, as SDL: the schema the SDK is generated from. */
export function committedApiSchemaSdl(file = SUPERGRAPH_PATH): string {
  return printApiSchema(fs.readFileSync(file, 'utf8'));
}
