import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { operations } from '../sdk/index';
import { loadPersistedOperations, PERSISTED_OPERATIONS_PATH } from './persisted-operations';

const manifest: Record<string, string> = JSON.parse(fs.readFileSync(PERSISTED_OPERATIONS_PATH, 'utf8'));
const dashboard = operations.memberDashboard;

describe('the persisted-operation manifest', () => {
  it('lists every SDK operation under the SHA-256 of the exact text the SDK holds', () => {
    const entries = Object.values(operations);
    expect(Object.keys(manifest).sort()).toEqual(entries.map((operation) => operation.sha256).sort());
    for (const operation of entries) expect(manifest[operation.sha256]).toBe(operation.document);
    expect(loadPersistedOperations().size).toBe(entries.length);
  });

  it('is refused by the gateway when an entry does not match its hash', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'persisted-operations.json');
    fs.writeFileSync(file, JSON.stringify({ [dashboard.sha256]: '{ staff { total } }' }));
    expect(() => loadPersistedOperations(file)).toThrow(/not the SHA-256 of its text/);
  });
});
