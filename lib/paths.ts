import fs from 'node:fs';
import path from 'node:path';

/** The checkout's root, whether this runs from sources (ts) or from the build (dist/). */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');
export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, 'supergraph.graphql');
/** The SDK's operation documents: the playground's tabs (one per file) and their example variables. */
export const SDK_OPERATIONS_DIR = path.join(PROJECT_ROOT, 'sdk', 'operations');
/** The SDK's persisted operations (SHA-256 → text), written by `npm run codegen`, served by the gateway. */
export const PERSISTED_OPERATIONS_PATH = path.join(PROJECT_ROOT, 'sdk', 'persisted-operations.json');
