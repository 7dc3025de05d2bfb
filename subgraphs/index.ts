import type { SubgraphDefinition } from '../lib/subgraph';
import { catalogue } from './catalogue';
import { governance } from './governance';
import { metrics } from './metrics';
import { operations } from './operations';

/**
 * Every subgraph the hub serves, in composition order (metrics' views read operations' tables,
 * so operations is migrated first). Only the entry points (bin/), the one-off scripts and the
 * cross-service tests see them all; subgraphs never import each other, nor this registry.
 */
export const SUBGRAPHS: SubgraphDefinition[] = [governance, catalogue, operations, metrics];

export function subgraphNamed(name: string): SubgraphDefinition {
  const definition = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!definition) throw new Error(`Unknown subgraph "${name}"; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  return definition;
}
