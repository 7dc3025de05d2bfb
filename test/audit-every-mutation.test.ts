import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../lib/paths';
import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * Every Mutation field of the committed supergraph leaves an audit entry (issue 13): each one is
 * run through the gateway with a valid invocation from the table below, and its subgraph's change
 * table must hold one new row with the right actor, entity, id and fields. A Mutation field missing
 * from the table fails the test: a new mutation cannot land without its audit entry.
 */

interface Invocation {
  /** The operation, with its variables; `state` carries what earlier invocations created. */
  query: string;
  variables: (state: State) => Record<string, unknown>;
  subgraph: 'governance' | 'catalogue' | 'operations' | 'metrics';
  entity: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  /** The entity id the change must name, from the answer. */
  entityId: (data: any, state: State) => string;
  /** Fields the change must list. */
  fields: string[];
  /** Keeps what later invocations need. */
  remember?: (data: any, state: State) => void;
}

type State = Record<string, string | number>;

const INVOCATIONS: Record<string, Invocation> = {
  removeDelegate: {
    query: `mutation($id: ID!) { removeDelegate(id: $id) { id } }`,
    variables: (state) => ({ id: state.substituteId }),
    subgraph: 'governance',
    entity: 'Delegate',
    action: 'DELETE',
    entityId: (data) => data.removeDelegate.id,
    fields: ['member', 'seat', 'role', 'firstName', 'lastName'],
  },
  appointDelegate: {
    query: `mutation($input: AppointDelegateInput!) { appointDelegate(input: $input) { id } }`,
    variables: () => ({ input: { memberCode: 'LE_BLANC_MESNIL', role: 'SUBSTITUTE', firstName: 'Camille', lastName: 'Audit' } }),
    subgraph: 'governance',
    entity: 'Delegate',
    action: 'CREATE',
    entityId: (data) => data.appointDelegate.id,
    fields: ['member', 'seat', 'role', 'firstName', 'lastName'],
  },
  addApplication: {
    query: `mutation($input: AddApplicationInput!) { addApplication(input: $input) { id version } }`,
    variables: () => ({ input: { name: 'Audit App', domainCode: 'TRA' } }),
    subgraph: 'catalogue',
    entity: 'Application',
    action: 'CREATE',
    entityId: (data) => data.addApplication.id,
    fields: ['name', 'domainCode', 'aliases', 'version'],
  },
  updateApplication: {
    query: `mutation($input: UpdateApplicationInput!) { updateApplication(input: $input) { id } }`,
    variables: () => ({ input: { id: 'audit-app', expectedVersion: 1, name: 'Audit App 2' } }),
    subgraph: 'catalogue',
    entity: 'Application',
    action: 'UPDATE',
    entityId: () => 'audit-app',
    fields: ['name', 'aliases', 'version'],
  },
  retireApplication: {
    query: `mutation($input: RetireApplicationInput!) { retireApplication(input: $input) { id } }`,
    variables: () => ({ input: { id: 'audit-app', expectedVersion: 2, retiredOn: '2019-12-31' } }),
    subgraph: 'catalogue',
    entity: 'Application',
    action: 'UPDATE',
    entityId: () => 'audit-app',
    fields: ['retiredOn', 'version'],
  },
  openTicket: {
    query: `mutation($input: OpenTicketInput!) { openTicket(input: $input) { id version } }`,
    variables: () => ({ input: { kind: 'INCIDENT', title: 'Audit', memberCode: 'BOBIGNY', applicationId: 'cms' } }),
    subgraph: 'operations',
    entity: 'Ticket',
    action: 'CREATE',
    entityId: (data) => data.openTicket.id,
    fields: ['reference', 'status', 'title', 'memberCode'],
    remember: (data, state) => {
      state.ticketId = data.openTicket.id;
    },
  },
  changeTicketStatus: {
    query: `mutation($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { id } }`,
    variables: (state) => ({ input: { id: state.ticketId, status: 'ASSIGNED', expectedVersion: 1 } }),
    subgraph: 'operations',
    entity: 'Ticket',
    action: 'UPDATE',
    entityId: (_data, state) => String(state.ticketId),
    fields: ['status', 'version', 'ownedAt'],
  },
  recordDeployment: {
    query: `mutation($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }`,
    variables: () => ({ input: { applicationId: 'cms', deployedOn: '2019-03-04', version: '2.1' } }),
    subgraph: 'operations',
    entity: 'Deployment',
    action: 'CREATE',
    entityId: (data) => data.recordDeployment.id,
    fields: ['applicationId', 'year', 'deployedOn', 'version'],
  },
  updateSlaPolicy: {
    query: `mutation { updateSlaPolicy(priority: LOW, timeToOwnMinutes: 600, timeToResolveMinutes: 6000) { priority } }`,
    variables: () => ({}),
    subgraph: 'operations',
    entity: 'SlaPolicy',
    action: 'UPDATE',
    entityId: () => 'LOW',
    fields: ['timeToOwnMinutes', 'timeToResolveMinutes'],
  },
  recordProject: {
    query: `mutation($input: RecordProjectInput!) { recordProject(input: $input) { id } }`,
    variables: () => ({ input: { year: 2019, title: 'Audit project', area: 'Qualité', teamCode: 'GSQ_SAU', memberCodes: ['SYREC'] } }),
    subgraph: 'operations',
    entity: 'Project',
    action: 'CREATE',
    entityId: (data) => data.recordProject.id,
    fields: ['year', 'title', 'area', 'teamCode', 'memberCodes'],
  },
  recordAvailability: {
    query: `mutation($input: RecordAvailabilityInput!) { recordAvailability(input: $input) { platform } }`,
    variables: () => ({ input: { platform: 'ORACLE', year: 2019, rate: 99.9 } }),
    subgraph: 'metrics',
    entity: 'AvailabilityPoint',
    action: 'CREATE',
    entityId: () => 'ORACLE:2019',
    fields: ['rate', 'source'],
  },
  recordIndicatorValue: {
    query: `mutation($input: RecordIndicatorValueInput!) { recordIndicatorValue(input: $input) { year } }`,
    variables: () => ({ input: { indicator: 'MAILBOXES', year: 2018, value: 3980, expectedVersion: 1, note: 'audit' } }),
    subgraph: 'metrics',
    entity: 'DataPoint',
    action: 'UPDATE',
    entityId: () => 'MAILBOXES:2018',
    fields: ['value', 'version', 'provenance'],
  },
};

const mutationFields = () => {
  const sdl = fs.readFileSync(path.join(PROJECT_ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
  return Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
};

let hub: TestHub;
let db: Client;
const state: State = {};
beforeAll(async () => {
  hub = await startTestHub();
  db = new Client({ connectionString: hub.database.url });
  await db.connect();
  const [row] = (await db.query(`select d.id from governance.delegate d join governance.member m on m.id = d.member_id where m.code = 'LE_BLANC_MESNIL' and d.role = 'SUBSTITUTE'`)).rows;
  state.substituteId = row.id;
});
afterAll(async () => {
  await db?.end();
  await hub?.stop();
});

it('the table covers every Mutation field of the committed supergraph', () => {
  const missing = mutationFields().filter((field) => !(field in INVOCATIONS));
  expect(missing).toEqual([]);
});

describe.each(Object.entries(INVOCATIONS))('%s', (field, invocation) => {
  it('writes one audit entry: who (token subject and role), what entity, the fields', async () => {
    if (!mutationFields().includes(field)) throw new Error(`${field} is no Mutation field of the supergraph any more: remove it from the table`);
    const last = async () => (await db.query(`select * from "${invocation.subgraph}"."change" order by id desc limit 1`)).rows[0];
    const count = async () => Number((await db.query(`select count(*) as n from "${invocation.subgraph}"."change"`)).rows[0].n);
    const before = await count();
    const response = await graphql(hub.url, invocation.query, invocation.variables(state), tokenFor('SII_STAFF'));
    expect(response.errors).toBeUndefined();
    invocation.remember?.(response.data, state);
    expect(await count()).toBe(before + 1);
    const change = await last();
    expect(change).toMatchObject({
      entity: invocation.entity,
      entity_id: invocation.entityId(response.data, state),
      action: invocation.action,
      actor_kind: 'USER',
      actor_subject: 'sii_staff@test',
      actor_role: 'SII_STAFF',
    });
    expect(change.request_id).toEqual(expect.any(String));
    const fields = Object.keys({ ...(change.before ?? {}), ...(change.after ?? {}) });
    expect(fields).toEqual(expect.arrayContaining(invocation.fields));
    if (invocation.action === 'CREATE') expect(change.before).toBeNull();
    if (invocation.action === 'DELETE') expect(change.after).toBeNull();
    // The same entry through the graph: the root changes query reads every subgraph's table.
    const read = await graphql(
      hub.url,
      `query($entity: String, $id: ID) { changes(entity: $entity, id: $id, first: 1) { edges { node { subgraph action actor { subject role kind } } } } }`,
      { entity: invocation.entity, id: change.entity_id },
      tokenFor('SII_STAFF'),
    );
    expect(read.data.changes.edges[0].node).toEqual({ subgraph: invocation.subgraph, action: invocation.action, actor: { subject: 'sii_staff@test', role: 'SII_STAFF', kind: 'USER' } });
  });
});
