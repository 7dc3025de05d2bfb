/** @type {import('jest').Config} */
const swcOptions = JSON.parse(require('node:fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  // The benchmark's peer gateways, installed in a folder of their own (npm run bench -- --peers).
  modulePathIgnorePatterns: ['<rootDir>/scripts/bench/peers/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcOptions, $schema: undefined, sourceMaps: 'inline' }],
    // jose ships ES modules only: Node (20.19+) requires them natively, jest's CommonJS runtime needs them compiled.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  // The SDK is an ESM package: its sources import './client.js' for client.ts, as Node and TypeScript's nodenext want.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60_000,
  // Integration tests each start services and a database: two workers fit the 2-core machine.
  maxWorkers: 2,
};
