import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../lib/paths';
import { generateReport } from '../scripts/report';
import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

/** Section III of the 2018 report: the synthesis table and "Les Mises en Production en 2018", figure for figure. */
const EXPECTED_2018 = `### III. DONNEES TECHNIQUES

#### A. TABLEAU DE SYNTHESE DES DONNEES TECHNIQUES

| Années | Mises en Production | Pages consultées | Boites mail | Utilisateurs Citrix | Tickets Support | Tickets techniques | Hôtes supervisés | Serveurs virtuels |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 2006 |  | 179 838 240 | 1872 | 1693 |  |  | 102 | 0 |
| 2011 | 38 | 741 235 200 | 3250 | 2479 | 1497 | 1214 | 215 | 190 |
| 2016 | 62 | 1 071 189 804 | 4807 | 3729 | 4326 | 2599 | 302 | 257 |
| 2017 | 88 | 1 327 647 294 | 3509 | 3757 | 4183 | 3109 | 288 | 291 |
| 2018 | 77 | 860 979 432 | 3974 | 3364 | 4490 | 3190 | 256 | 270 |

#### B.1. Taux de disponibilité 2018

Plates-formes suivies : ORACLE, INTERNET, NETWORK, CITRIX, WINDOWS, APPLI_WEB. Aucun taux n’est enregistré pour 2018.

#### B.7. Les Mises en Production en 2018

| Applications | MEP |
| --- | ---: |
| ADAGIO | 1 |
| ALTO | 1 |
| CARTADS | 2 |
| CCAS/ASWEB | 3 |
| CMS | 10 |
| COLBERT | 1 |
| CONCERTO | 4 |
| ESABORA | 1 |
| FAST PARAPHEUR | 1 |
| FINANCES | 10 |
| GRH | 8 |
| LOGEMENT | 3 |
| MAIDIS | 3 |
| MANTIS | 4 |
| MELODIE | 3 |
| MESSAGERIE | 4 |
| MUNICIPOL | 2 |
| OLFEO | 1 |
| PREM | 9 |
| REQUIEM | 2 |
| **TOTAL** | **73** |

#### Écarts entre le tableau de synthèse et les enregistrements (2018)

| Indicateur | Publié | Enregistré | Écart |
| --- | ---: | ---: | ---: |
| Mises en Production | 77 | 73 | -4 |
`;

describe('npm run report -- --year 2018', () => {
  it('regenerates section III from the hub through the gateway, matching the report’s figures', async () => {
    expect(await generateReport({ url: hub.url, year: 2018 })).toBe(EXPECTED_2018);
  });

  it('runs as a command against a running gateway', async () => {
    const script = path.join(PROJECT_ROOT, 'dist', 'scripts', 'report.js');
    if (!fs.existsSync(script)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--year', '2018', '--url', hub.url], { cwd: PROJECT_ROOT });
    expect(stdout).toBe(EXPECTED_2018);
  });

  it('fails with one clear line when the year is missing or the gateway is down', async () => {
    const script = path.join(PROJECT_ROOT, 'dist', 'scripts', 'report.js');
    await expect(promisify(execFile)(process.execPath, [script], { cwd: PROJECT_ROOT })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^--year is required\n\nUsage: npm run report/),
    });
    await expect(
      promisify(execFile)(process.execPath, [script, '--year', '2018', '--url', 'http://127.0.0.1:9/graphql'], { cwd: PROJECT_ROOT }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/^Cannot reach the gateway/) });
  });

  it('prints recorded availability rates and stops the table at the year asked', async () => {
    const { errors } = await graphql(
      hub.url,
      'mutation { recordAvailability(input: { platform: CITRIX, year: 2017, rate: 99.5 }) { rate } }',
      {},
      tokenFor('SII_STAFF'),
    );
    expect(errors).toBeUndefined();
    const report = await generateReport({ url: hub.url, year: 2017 });
    expect(report).toContain('| 2017 | 88 | 1 327 647 294 |');
    expect(report).not.toContain('| 2018 |');
    expect(report).toContain('| CITRIX | 99,5 |');
    expect(report).toContain('| ORACLE |  |');
    expect(report).toContain('Aucune mise en production n’est enregistrée pour 2017.');
  });
});
