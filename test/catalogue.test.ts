import { APPLICATIONS, DEPLOYMENT_TABLE_NAMES_2018 } from '../subgraphs/catalogue/seed/report-2018';
import { graphql, startTestHub, type TestHub } from './support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

interface ApplicationRow {
  id: string;
  name: string;
  aliases: string[];
  inPortfolio: boolean;
  description: string | null;
  domain: { code: string };
}

async function search(text: string): Promise<ApplicationRow[]> {
  const { data, errors } = await graphql(
    hub.url,
    'query Search($search: String) { applications(search: $search) { id name aliases inPortfolio description domain { code } } }',
    { search: text },
  );
  expect(errors).toBeUndefined();
  return data.applications;
}

describe('catalogue as seeded from the 2018 report', () => {
  it('has the report’s 23 domains with their codes', async () => {
    const { data } = await graphql(hub.url, '{ domains { code name } }');
    expect(data.domains).toHaveLength(23);
    expect(data.domains.slice(0, 3)).toEqual([
      { code: 'ACH', name: 'Achats' },
      { code: 'ACT', name: 'Actes Administratifs' },
      { code: 'ACU', name: 'Affaires culturelles' },
    ]);
    expect(data.domains.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['FIN', 'GRH', 'CIV', 'LFO', 'VOA']));
  });

  it('lists the whole portfolio, merged rows split, plus the three products only the deployments table names', async () => {
    const all = await search('');
    expect(all).toHaveLength(60);
    expect(all.filter((a) => a.inPortfolio)).toHaveLength(57);
    expect(all.filter((a) => !a.inPortfolio).map((a) => a.id).sort()).toEqual(['cartads', 'mantis', 'olfeo']);
    const ids = all.map((a) => a.id);
    // "RestCollec / Restor", "Cms /Maidis", "Méloдие / ActesWeb", "Municipol/Geo prév/Canis/Securville"
    expect(ids).toEqual(expect.arrayContaining(['restcollec', 'restor', 'cms', 'maidis', 'melodie', 'actesweb', 'municipol', 'geo-prev', 'canis', 'securville']));
    // The "Grh" row the scan shifted into the domain column belongs to Ressources Humaines.
    expect(all.find((a) => a.id === 'grh')?.domain.code).toBe('GRH');
    // No scanning glitch survives: names are Latin script only.
    for (const application of all) expect(application.name).not.toMatch(/[\u0400-\u04FF]/);
  });

  it('gives the application a domain, a description and null where the report gives none', async () => {
    const { data } = await graphql(hub.url, '{ application(id: "olfeo") { name description domain { code name } } }');
    expect(data.application).toEqual({ name: 'Olfeo', description: null, domain: { code: 'TRA', name: 'Transversal' } });
  });

  it('searches case- and accent-insensitively', async () => {
    for (const text of ['melodie', 'MÉLODIE', 'Mélodie', 'mElOdIe']) {
      const found = await search(text);
      expect(found[0]).toMatchObject({ id: 'melodie', name: 'Mélodie', domain: { code: 'CIV' } });
    }
    expect((await search('orphee')).map((a) => a.id)).toEqual(['orphee']);
    // Description words match too: état civil → Mélodie and ActesWeb.
    expect((await search('etat civil')).map((a) => a.id).sort()).toEqual(['actesweb', 'melodie']);
  });

  it('resolves every name of the 2018 deployments table to exactly one application through its name or aliases', async () => {
    expect(DEPLOYMENT_TABLE_NAMES_2018).toHaveLength(20);
    const resolved: Record<string, string> = {};
    for (const printed of DEPLOYMENT_TABLE_NAMES_2018) {
      const exact = (await search(printed)).filter((a) =>
        [a.name, ...a.aliases].some((name) => name.localeCompare(printed, 'fr', { sensitivity: 'base' }) === 0),
      );
      expect({ printed, matches: exact.length }).toEqual({ printed, matches: 1 });
      resolved[printed] = exact[0].id;
    }
    expect(resolved).toMatchObject({
      'CCAS/ASWEB': 'ccas-asweb',
      'FAST PARAPHEUR': 'e-parapheur',
      MESSAGERIE: 'mdaemon',
      MELODIE: 'melodie',
      CARTADS: 'cartads',
      GRH: 'grh',
    });
    expect(new Set(Object.values(resolved)).size).toBe(20);
  });

  it('treats LIKE wildcards in a search literally and rejects an over-long search', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    const { errors } = await graphql(hub.url, 'query S($s: String) { applications(search: $s) { id } }', { s: 'x'.repeat(101) });
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters by domain, and returns nothing (not an error) for an unknown domain code', async () => {
    const { data } = await graphql(hub.url, '{ fin: applications(domainCode: "FIN") { id } none: applications(domainCode: "ZZZ") { id } }');
    expect(data.fin.map((a: { id: string }) => a.id).sort()).toEqual(['finances', 'opale', 'recette']);
    expect(data.none).toEqual([]);
  });

  it('answers null for unknown codes and ids', async () => {
    const { data, errors } = await graphql(hub.url, '{ domain(code: "ZZZ") { code } application(id: "nope") { id } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({ domain: null, application: null });
  });

  it('lists the 13 service offerings in their three categories', async () => {
    const { data } = await graphql(
      hub.url,
      '{ all: serviceOfferings { id category number name } technical: serviceOfferings(category: TECHNICAL) { number name } }',
    );
    expect(data.all).toHaveLength(13);
    const perCategory = data.all.reduce((counts: Record<string, number>, o: { category: string }) => {
      counts[o.category] = (counts[o.category] ?? 0) + 1;
      return counts;
    }, {});
    expect(perCategory).toEqual({ ACCOMPANIMENT: 4, TECHNICAL: 5, QUALITY: 4 });
    expect(data.technical[1]).toEqual({ number: 2, name: 'Fourniture de services internet (FAI)' });
  });

  it('seeds exactly the transcribed applications', async () => {
    const all = await search('');
    expect(all.map((a) => a.id).sort()).toEqual(APPLICATIONS.map((a) => a.id).sort());
  });
});
