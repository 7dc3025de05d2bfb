import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSchema, Kind, parse } from 'graphql';
import { PROJECT_ROOT } from '../lib/paths';
import { committedApiSchemaSdl } from '../scripts/api-schema';
import { createHubClient, HubError, type HubOperation, operations } from '../sdk/index';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

const SDK_DIR = path.join(PROJECT_ROOT, 'sdk');
const operationFiles = () =>
  fs
    .readdirSync(path.join(SDK_DIR, 'operations'))
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => path.join(SDK_DIR, 'operations', file));
const examples: Record<string, Record<string, unknown>> = JSON.parse(fs.readFileSync(path.join(SDK_DIR, 'operations', 'examples.json'), 'utf8'));

describe('the generated SDK', () => {
  it('is up to date with codegen.ts (run `npm run codegen` and commit when this fails)', async () => {
    // The CLI's dry run: exits 1 and names the files that `npm run codegen` would change.
    const cli = path.join(PROJECT_ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
    const result = await promisify(execFile)(process.execPath, [cli, '--config', 'codegen.ts', '--check'], { cwd: PROJECT_ROOT }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    if ('code' in result && result.code) {
      throw new Error(`Generated SDK files are stale: run \`npm run codegen\` and commit.\n${result.stdout}${result.stderr}`);
    }
  }, 120_000);

  it('has an operation for every query and mutation of the API schema', () => {
    const schema = buildSchema(committedApiSchemaSdl());
    const used = new Set<string>();
    for (const file of operationFiles()) {
      for (const definition of parse(fs.readFileSync(file, 'utf8')).definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        for (const selection of definition.selectionSet.selections) {
          if (selection.kind === Kind.FIELD) used.add(`${definition.operation === 'query' ? 'Query' : 'Mutation'}.${selection.name.value}`);
        }
      }
    }
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => (type ? [type] : []));
    const fields = roots.flatMap((type) => Object.keys(type.getFields()).map((name) => `${type.name}.${name}`));
    const missing = fields.filter((field) => !used.has(field));
    if (missing.length > 0) {
      throw new Error(`No SDK operation under sdk/operations/ uses ${missing.join(', ')}: add one and run \`npm run codegen\``);
    }
  });

  it('has example variables for every operation (the playground preloads them)', () => {
    const names = Object.values(operations).map((operation) => operation.name).sort();
    expect(Object.keys(examples).filter((key) => key !== '//').sort()).toEqual(names);
  });
});

describe('the SDK against a live hub', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub?.stop());

  it('answers memberDashboard with typed data, as in the issue', async () => {
    const client = createHubClient({ url: hub.url, token: tokenFor('MEMBER_AGENT', 'BOBIGNY') });
    const { member } = await client.memberDashboard({ code: 'BOBIGNY' });
    expect(member).toMatchObject({ code: 'BOBIGNY', name: 'Bobigny', kind: 'CITY', hasOptionalCompetences: true });
    expect(member?.delegates.filter((delegate) => delegate.role === 'TITULAR')).toHaveLength(2);
    expect(member?.delegates.every((delegate) => delegate.member.code === 'BOBIGNY')).toBe(true);
    expect(member?.projects.length).toBeGreaterThan(0);
    expect(member?.tickets.totalCount).toBe(0);
  });

  it('opens a ticket, moves it along and sees it on the member dashboard, typed end to end', async () => {
    const agent = createHubClient({ url: hub.url, token: tokenFor('MEMBER_AGENT', 'SYREC') });
    const { openTicket } = await agent.openTicket({
      input: { kind: 'INCIDENT', title: 'Restor ne répond plus', memberCode: 'SYREC', applicationId: 'restor', idempotencyKey: 'sdk-test-1' },
    });
    expect(openTicket).toMatchObject({ status: 'NEW', version: 1, member: { code: 'SYREC' }, application: { id: 'restor' } });
    const staff = createHubClient({ url: hub.url, token: tokenFor('SII_STAFF') });
    const { changeTicketStatus } = await staff.changeTicketStatus({ input: { reference: openTicket.reference, status: 'ASSIGNED', expectedVersion: 1 } });
    expect(changeTicketStatus).toMatchObject({ status: 'ASSIGNED', version: 2 });
    const stale = await staff.changeTicketStatus({ input: { reference: openTicket.reference, status: 'IN_PROGRESS', expectedVersion: 1 } }).catch((e: unknown) => e);
    expect((stale as HubError).code).toBe('CONFLICT');
    const { member } = await agent.memberDashboard({ code: 'SYREC' });
    expect(member?.tickets.edges.map((edge) => edge.node.reference)).toEqual([openTicket.reference]);
    expect(member?.ticketVolume).toBe(null); // opened in 2026, not in the dashboard's default year 2018
  });

  it('records a deployment (staff only), checked against catalogue and governance, and finds it again', async () => {
    const staff = createHubClient({ url: hub.url, token: tokenFor('SII_STAFF') });
    const input = { applicationId: 'melodie', year: 2026, deployedOn: '2026-03-02', version: '5.1', memberCodes: ['BOBIGNY', 'SYREC'] };
    const { recordDeployment } = await staff.recordDeployment({ input });
    expect(recordDeployment).toMatchObject({ year: 2026, deployedOn: '2026-03-02', application: { id: 'melodie' } });
    expect(recordDeployment.members.map((member) => member.code).sort()).toEqual(['BOBIGNY', 'SYREC']);
    const { deployments } = await staff.deployments({ year: 2026, applicationId: 'melodie' });
    expect(deployments.edges.map((edge) => edge.node.id)).toContain(recordDeployment.id);
    await expect(staff.recordDeployment({ input: { ...input, memberCodes: ['PARIS'] } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(staff.recordDeployment({ input: { ...input, applicationId: 'no-such-app' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const agent = createHubClient({ url: hub.url, token: tokenFor('MEMBER_AGENT', 'BOBIGNY') });
    await expect(agent.recordDeployment({ input })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('runs every query of the SDK with its example variables, without errors', async () => {
    // Staff may read everything, tickets included.
    const client = createHubClient({ url: hub.url, token: tokenFor('SII_STAFF') });
    for (const operation of Object.values(operations)) {
      if (operation.type !== 'query') continue;
      const data = await client.execute(operation as HubOperation<unknown, Record<string, unknown>>, examples[operation.name]);
      expect(data).toBeTruthy();
    }
    const { applications } = await client.applications({ search: 'melodie' });
    expect(applications[0]).toMatchObject({ id: 'melodie' });
    expect((await client.staff()).staff).toEqual({ total: 25, women: 3, men: 22 });
  });

  it('runs mutations and turns coded errors into HubError', async () => {
    const reader = createHubClient({ url: hub.url, token: tokenFor('READER') });
    const input = { memberCode: 'SIRESCO', role: 'SUBSTITUTE' as const, firstName: 'Anne', lastName: 'Martin' };
    await expect(reader.appointDelegate({ input })).rejects.toMatchObject({ name: 'HubError', code: 'FORBIDDEN' });

    const staff = createHubClient({ url: hub.url, token: () => tokenFor('SII_STAFF') });
    const { member } = await staff.member({ code: 'SIRESCO', role: 'SUBSTITUTE' });
    const removed = await staff.removeDelegate({ id: member!.delegates[0].id });
    expect(removed.removeDelegate.member.code).toBe('SIRESCO');
    const { appointDelegate } = await staff.appointDelegate({ input });
    expect(appointDelegate).toMatchObject({ fullName: 'Anne Martin', role: 'SUBSTITUTE', seat: 1, member: { code: 'SIRESCO' } });

    const error = await staff.removeDelegate({ id: '00000000-0000-4000-8000-000000000000' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).code).toBe('NOT_FOUND');
  });

  it('builds the package (sdk/tsconfig.json, nodenext) and runs the example intranet program against the hub', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-sdk-'));
    const run = promisify(execFile);
    try {
      // The build type-checks the sources and the examples on their own and fails on any error.
      await run(process.execPath, [path.join(SDK_DIR, 'scripts', 'build.mjs'), '--out-dir', outDir]);
      const program = path.join(outDir, 'esm', 'examples', 'intranet.js');
      const { stdout } = await run(process.execPath, [program, 'BOBIGNY'], {
        env: { ...process.env, HUB_URL: hub.url, HUB_TOKEN: tokenFor('MEMBER_AGENT', 'BOBIGNY') },
      });
      expect(stdout).toMatch(/^Bobigny \(BOBIGNY\): city\n- seat 1: .+, substitute .+\n- seat 2: .+\n$/);
      const failed = await run(process.execPath, [program, 'BOBIGNY'], {
        env: { ...process.env, HUB_URL: hub.url, HUB_TOKEN: 'not-a-jwt' },
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('UNAUTHENTICATED') });
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
