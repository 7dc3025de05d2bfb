import { graphql, startTestHub, type TestHub } from './support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

describe('operations as seeded from the 2018 report', () => {
  it('has the 73 deployments of 2018 over 20 applications, each a catalogue application found through its aliases', async () => {
    const { data, errors } = await graphql(
      hub.url,
      '{ deployments(year: 2018, first: 100) { totalCount edges { node { id year deployedOn version source synthetic application { id name aliases } members { code } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data.deployments.totalCount).toBe(73);
    const nodes = data.deployments.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toHaveLength(73);
    const perApplication = new Map<string, number>();
    for (const node of nodes) {
      expect(node.application).not.toBeNull();
      expect(node.year).toBe(2018);
      expect(node.deployedOn).toBeNull();
      expect(node.source).toBe('report-2018');
      expect(node.synthetic).toBe(false);
      perApplication.set(node.application.id, (perApplication.get(node.application.id) ?? 0) + 1);
    }
    expect(perApplication.size).toBe(20);
    expect(perApplication.get('cms')).toBe(10);
    expect(perApplication.get('finances')).toBe(10);
    expect(perApplication.get('prem')).toBe(9);
    expect(perApplication.get('e-parapheur')).toBe(1);
    expect(perApplication.get('mdaemon')).toBe(4);
    expect(perApplication.get('ccas-asweb')).toBe(3);
    const byId = new Map(nodes.map((node: { application: { id: string } }) => [node.application.id, node.application]));
    expect((byId.get('e-parapheur') as { aliases: string[] }).aliases).toContain('FAST PARAPHEUR');
    expect((byId.get('mdaemon') as { aliases: string[] }).aliases).toContain('MESSAGERIE');
    expect((byId.get('ccas-asweb') as { aliases: string[] }).aliases).toContain('CCAS/ASWEB');
  });

  it('gives each application its deployments through Application.deployments', async () => {
    const { data, errors } = await graphql(hub.url, '{ application(id: "grh") { name deployments(year: 2018) { year } } melodie: application(id: "melodie") { deployments { id } } }');
    expect(errors).toBeUndefined();
    expect(data.application.deployments).toHaveLength(8);
    expect(data.melodie.deployments).toHaveLength(3);
  });

  it('has the 2018 projects with their area and team, linked to governance members', async () => {
    const { data, errors } = await graphql(hub.url, '{ projects(year: 2018) { id title area team teamCode year members { code name } } }');
    expect(errors).toBeUndefined();
    // Section II.B: 29 studies, 11 production items (PCA's four sub-bullets apart), 8 AMO/NTIC, 2 quality.
    expect(data.projects).toHaveLength(50);
    const perTeam = new Map<string, number>();
    for (const project of data.projects) perTeam.set(project.teamCode, (perTeam.get(project.teamCode) ?? 0) + 1);
    expect(Object.fromEntries(perTeam)).toEqual({ ETUDES: 29, PRODUCTION: 11, AMO_NTIC: 8, GSQ_SAU: 2 });
    expect(data.projects.filter((p: { area: string }) => p.area === 'S.I. Finances')).toHaveLength(6);
    const pasrau = data.projects.find((p: { id: string }) => p.id === 'prelevement-a-la-source');
    expect(pasrau.area).toBe('S.I. Ressources Humaines');
    expect(pasrau.teamCode).toBe('ETUDES');
    expect(pasrau.members.map((m: { code: string }) => m.code)).toHaveLength(6);
    expect(pasrau.members.every((m: { name: string | null }) => typeof m.name === 'string')).toBe(true);
    const member = await graphql(hub.url, '{ member(code: "SIRESCO") { projects(year: 2018) { id } } }');
    expect(member.errors).toBeUndefined();
    expect(member.data.member.projects.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['migration-e-marches', 'convocation-des-elus', 'site-internet-siresco']),
    );
  });
});
