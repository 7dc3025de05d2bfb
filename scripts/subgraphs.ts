/**
 * Moved to subgraphs/index.ts. Kept only until scripts/bench.ts and scripts/seed-synthetic.ts
 * (reshaped on other branches) import the registry from there; then delete this file.
 */
export { SUBGRAPHS, subgraphNamed } from '../subgraphs';
