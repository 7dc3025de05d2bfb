import type { SubgraphName } from '../lib/config';
import type { SubgraphDefinition } from '../lib/subgraph';
import { catalogue } from '../subgraphs/catalogue';
import { governance } from '../subgraphs/governance';
import { metrics } from '../subgraphs/metrics';
import { operations } from '../subgraphs/operations';

/**
 * Every subgraph the hub serves, in composition order. Only scripts and cross-service tests
 * see them all; subgraphs never import each other.
 */
export const SUBGRAPHS: SubgraphDefinition[] = [
  governance as SubgraphDefinition,
  catalogue as SubgraphDefinition,
  operations as SubgraphDefinition,
  metrics as SubgraphDefinition,
];

export function subgraphNamed(name: string): SubgraphDefinition {
  const definition = SUBGRAPHS.find((subgraph) => subgraph.name === name);
  if (!definition) throw new Error(`Unknown subgraph "${name}"; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  return definition;
}

export const servedSubgraphNames = (): SubgraphName[] => SUBGRAPHS.map((subgraph) => subgraph.name);
