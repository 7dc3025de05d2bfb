import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { withoutCacheHints } from '../lib/cache-hints';
import { parseCommandLine } from '../lib/cli';
import { DEFAULT_SUBGRAPH_PORTS } from '../lib/config';
import { SCHEMA_DIR, SUPERGRAPH_PATH } from '../lib/paths';
import { printSubgraphSdl } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';

export interface ComposedSchema {
  /** File name under schema/ → content. */
  files: Record<string, string>;
  hints: string[];
}

/**
 * Prints each subgraph's SDL and composes the supergraph with @apollo/composition (Rover's
 * engine). The URLs recorded are the default local ports; the gateway overrides them from its
 * configuration.
 */
export async function composeSupergraph(): Promise<ComposedSchema> {
  const files: Record<string, string> = {};
  const services = [];
  for (const definition of SUBGRAPHS) {
    const sdl = await printSubgraphSdl(definition);
    files[`${definition.name}.graphql`] = sdl;
    services.push({ name: definition.name, url: `http://localhost:${DEFAULT_SUBGRAPH_PORTS[definition.name]}/graphql`, typeDefs: withoutCacheHints(parse(sdl)) });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  files['supergraph.graphql'] = `${result.supergraphSdl.trim()}\n`;
  return { files, hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`) };
}

const USAGE = `Usage: npm run compose

Prints each subgraph's SDL from the code and composes the supergraph (@apollo/composition), then
writes them to schema/ (commit them: the gateway serves schema/supergraph.graphql, the SDK and
npm run schema:check read it). Prints the composition hints, if any. Takes no option.

Options:
  -h, --help   this text`;

async function main(): Promise<void> {
  parseCommandLine(USAGE, {});
  const { files, hints } = await composeSupergraph();
  fs.mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(SCHEMA_DIR, name), content);
  console.log(`Wrote ${Object.keys(files).length} files to ${path.relative(process.cwd(), SCHEMA_DIR) || '.'}/ (supergraph: ${path.relative(process.cwd(), SUPERGRAPH_PATH)})`);
  if (hints.length > 0) {
    console.log(`Composition hints (${hints.length}):`);
    for (const hint of hints) console.log(`- ${hint}`);
  } else {
    console.log('Composition hints: none');
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
