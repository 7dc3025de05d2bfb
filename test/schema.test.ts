import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_DIR } from '../lib/paths';
import { composeSupergraph } from '../scripts/compose';

describe('committed schema/', () => {
  it('matches what the code composes (run `npm run compose` after changing a subgraph)', async () => {
    const { files } = await composeSupergraph();
    for (const [name, expected] of Object.entries(files)) {
      const committedPath = path.join(SCHEMA_DIR, name);
      expect({ name, exists: fs.existsSync(committedPath) }).toEqual({ name, exists: true });
      expect({ name, content: fs.readFileSync(committedPath, 'utf8') }).toEqual({ name, content: expected });
    }
    const committedSdl = fs.readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.graphql'));
    expect(committedSdl.sort()).toEqual(Object.keys(files).sort());
  });

  it('composes without hints', async () => {
    const { hints } = await composeSupergraph();
    expect(hints).toEqual([]);
  });

  it('declares Member and Application as federation entities', async () => {
    const { files } = await composeSupergraph();
    expect(files['governance.graphql']).toMatch(/type Member\s+@key\(fields: "id"\)\s+@key\(fields: "code"\)/);
    expect(files['catalogue.graphql']).toMatch(/type Application\s+@key\(fields: "id"\)/);
  });
});
