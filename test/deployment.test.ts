import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig, SUBGRAPH_NAMES } from '../lib/config';
import { PERSISTED_OPERATIONS_PATH, PROJECT_ROOT, SDK_OPERATIONS_DIR, SUPERGRAPH_PATH } from '../lib/paths';
import type { TestDatabase } from './support/database';
import { prepareTestDatabase, productionSecrets } from './support/hub';
import { freePort, requireBuild, waitForOk } from './support/process';

/**
 * Issue 6, "Deployment": no Docker engine runs here, so the compose file and the Dockerfile are
 * checked for structure: services, one image, ports, health checks, environment that the
 * configuration accepts, the supergraph mounted where the gateway reads it.
 */

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, any>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const HUB_SERVICES = [...SUBGRAPH_NAMES, 'gateway', 'migrate'];
const LONG_RUNNING = ['postgres', ...SUBGRAPH_NAMES, 'gateway'];

/** The environment a container would get, `${VAR:-default}` and `${VAR:?…}` resolved as docker compose does. */
const DEPLOYMENT_SECRETS = { HUB_JWT_SECRET: '55b0a520d297ada8e9967395d99e3c00bc7d580c2a0bc70456fed8181ea86956', HUB_INTERNAL_SECRET: 'b890a8b037effd5e8ac4fa1998a88faf8dc25c12777eae919dec11582c7f45cb' };

function resolvedEnvironment(service: string, given: Record<string, string> = DEPLOYMENT_SECRETS): Record<string, string> {
  const environment = services[service].environment as Record<string, string | number>;
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      String(value).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, kind: string | undefined, fallback: string) => {
        if (given[name] !== undefined) return given[name];
        if (kind === '?') throw new Error(`${service}: ${name} is required: ${fallback}`);
        return fallback ?? '';
      }),
    ]),
  );
}

describe('docker-compose.yml', () => {
  it('has PostgreSQL, the migrate job, the four subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['catalogue', 'gateway', 'governance', 'metrics', 'migrate', 'operations', 'postgres'].sort());
    expect(services.postgres.image).toMatch(/^postgres:(1[3-9]|[2-9]\d)/);
    expect(compose.volumes).toHaveProperty('postgres-data');
  });

  it('builds every hub service from the one Dockerfile, each running its own serve.js command', () => {
    for (const name of HUB_SERVICES) {
      expect(services[name].build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(services[name].image).toBe('sii-hub:latest');
    }
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) expect(services[name].command).toEqual([name]);
    expect(services.migrate.command).toEqual(['migrate']);
    expect(services.migrate.restart).toBe('no');
  });

  it('gives every long-running service a health check, subgraphs on /health/ready of their own port', () => {
    for (const name of LONG_RUNNING) {
      const check = services[name].healthcheck;
      expect(check).toBeDefined();
      expect(Array.isArray(check.test)).toBe(true);
      expect(check.interval).toMatch(/^\d+s$/);
      expect(check.retries).toBeGreaterThan(0);
    }
    for (const name of SUBGRAPH_NAMES) {
      const port = resolvedEnvironment(name)[`${name.toUpperCase()}_PORT`];
      expect(services[name].healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`);
      expect(services[name].expose).toEqual([port]);
    }
    expect(services.gateway.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4000/health/live');
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('publishes only the gateway, on 4000', () => {
    expect(services.gateway.ports).toEqual(['${GATEWAY_PUBLISHED_PORT:-4000}:4000']);
    for (const name of Object.keys(services).filter((n) => n !== 'gateway')) expect(services[name].ports).toBeUndefined();
  });

  it('starts things in order: PostgreSQL healthy, then migrations done, then subgraphs healthy, then the gateway', () => {
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of SUBGRAPH_NAMES) {
      expect(services[name].depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(services.gateway.depends_on).toEqual(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { condition: 'service_healthy' }])));
  });

  it('gives each service an environment the hub configuration accepts, in production, with the secrets required', () => {
    for (const name of HUB_SERVICES) {
      expect(() => resolvedEnvironment(name, {})).toThrow(/HUB_INTERNAL_SECRET is required/);
      // Neither an OpenID provider nor an HS256 secret: the service refuses to start.
      expect(() => loadConfig(resolvedEnvironment(name, { HUB_INTERNAL_SECRET: DEPLOYMENT_SECRETS.HUB_INTERNAL_SECRET }))).toThrow(/production needs HUB_OIDC_ISSUER/);
      const withProvider = loadConfig(resolvedEnvironment(name, { HUB_INTERNAL_SECRET: DEPLOYMENT_SECRETS.HUB_INTERNAL_SECRET, HUB_OIDC_ISSUER: 'https://sso.example.org/realms/sii' }));
      expect(withProvider.identity).toMatchObject({ oidc: { issuer: 'https://sso.example.org/realms/sii', audience: 'sii-hub' }, hs256: undefined });
      const environment = resolvedEnvironment(name);
      expect(environment.NODE_ENV).toBe('production');
      expect(environment.HUB_LISTEN_HOST).toBe('0.0.0.0');
      const config = loadConfig(environment);
      expect(config.isProduction).toBe(true);
      expect(config.identity).toMatchObject({ hs256: { secret: DEPLOYMENT_SECRETS.HUB_JWT_SECRET }, oidc: undefined, internalSecret: DEPLOYMENT_SECRETS.HUB_INTERNAL_SECRET });
    }
    for (const name of [...SUBGRAPH_NAMES, 'migrate']) {
      const config = loadConfig(resolvedEnvironment(name));
      expect(config.databaseUrl).toBe('postgres://hub:hub@postgres:5432/sii_hub');
    }
    for (const name of SUBGRAPH_NAMES) {
      const config = loadConfig(resolvedEnvironment(name));
      expect(String(config.subgraphs[name].port)).toBe(services[name].expose[0]);
    }
    const gateway = loadConfig(resolvedEnvironment('gateway'));
    expect(gateway.gatewayPort).toBe(4000);
    for (const name of SUBGRAPH_NAMES) {
      expect(gateway.subgraphs[name].url).toBe(`http://${name}:${services[name].expose[0]}/graphql`);
    }
    expect(gateway.databaseUrl).toBeUndefined();
    expect(gateway.rateLimit.perSecond).toBeGreaterThan(0);
    expect(gateway.trustProxy).toBe(false);
  });

  it('mounts the committed supergraph read-only where the gateway reads it', () => {
    const gateway = loadConfig(resolvedEnvironment('gateway'));
    const mount = (services.gateway.volumes as string[]).find((volume) => volume.includes('supergraph.graphql'));
    expect(mount).toBeDefined();
    const [source, target, mode] = mount!.split(':');
    expect(source).toBe('./schema/supergraph.graphql');
    expect(fs.existsSync(path.join(PROJECT_ROOT, source))).toBe(true);
    expect(target).toBe(gateway.supergraphPath);
    expect(mode).toBe('ro');
  });

  it('gives the services time to drain on stop', () => {
    for (const name of [...SUBGRAPH_NAMES, 'gateway']) {
      const grace = Number(/^(\d+)s$/.exec(services[name].stop_grace_period)?.[1]);
      const shutdownMs = Number(resolvedEnvironment(name).HUB_SHUTDOWN_TIMEOUT_MS);
      expect(grace * 1000).toBeGreaterThan(shutdownMs);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ image: m[1], name: m[2] }));

  it('is multi-stage on Node 24 LTS (test/engines.test.ts checks it against package.json)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[\w.-]*$/m);
    for (const stage of stages) expect(stage.image).toBe('${NODE_IMAGE}');
  });

  it('builds with the lockfile and runs the compiled serve.js as a non-root user in production mode', () => {
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/ENTRYPOINT \["node", "dist\/bin\/serve\.js"\]/);
    expect(runtime).toMatch(/COPY schema \.\/schema/);
    // What the entrypoint names is what `npm run build` produces.
    const build = JSON.parse(read('package.json')).scripts.build as string;
    expect(build).toMatch(/-d dist/);
    for (const dir of ['lib', 'gateway', 'subgraphs', 'scripts', 'bin']) {
      expect(build).toContain(dir);
      expect(dockerfile).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
    }
  });

  it('keeps secrets, local data and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', '.data', 'dist', '.env', '.env.*', '.git']) expect(ignored).toContain(entry);
  });
});

/**
 * Issue 11, item 10: the runtime stage must carry every file the services read at start (the
 * persisted-operations manifest and sdk/operations/ were missing: persisted-only crashed the
 * gateway, otherwise the manifest was silently empty and the playground had no tabs). Rather
 * than a hand-kept list, the built gateway and each subgraph are started with a preload that
 * records every file they read (test/support/trace-reads.js); each one must be in the image.
 */
describe('the Docker image carries what the services read at start', () => {
  const dockerfile = read('Dockerfile');
  const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const workdir = /^WORKDIR\s+(\S+)$/m.exec(runtimeStage)?.[1] ?? '/';
  /** The runtime stage's COPY lines: where each lands (relative to the project root, as /app is) and from where. */
  const copies = [...runtimeStage.matchAll(/^COPY\s+(--from=\S+\s+)?(.+)$/gm)].map((match) => {
    const parts = match[2].trim().split(/\s+/);
    const destination = parts.pop()!;
    const landing = (source: string) => {
      const base = destination.endsWith('/') ? path.posix.join(destination, path.posix.basename(source)) : destination;
      return path.posix.normalize(path.posix.isAbsolute(base) ? path.posix.relative(workdir, base) : base).replace(/^\.\//, '');
    };
    return { fromStage: match[1]?.trim(), sources: parts, landings: parts.map(landing) };
  });
  const landings = copies.flatMap((copy) => copy.landings);
  const covered = (relative: string) => landings.some((landing) => relative === landing || relative.startsWith(`${landing}/`));
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }> };
  /** The lockfile entry of the package a node_modules path belongs to (the deepest one). */
  const packageOf = (relative: string) => {
    const parts = relative.split('/');
    for (let end = parts.length; end > 1; end -= 1) {
      const key = parts.slice(0, end).join('/');
      if (lock.packages[key]) return { key, entry: lock.packages[key] };
    }
    return undefined;
  };

  it('copies, from the build context, only what exists and is not .dockerignored', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    for (const copy of copies.filter((c) => !c.fromStage)) {
      for (const source of copy.sources) {
        expect(fs.existsSync(path.join(PROJECT_ROOT, source))).toBe(true);
        expect(ignored.some((entry) => source === entry || source.startsWith(`${entry}/`))).toBe(false);
      }
    }
  });

  it('copies the files named by the code’s own path constants', () => {
    for (const file of [SUPERGRAPH_PATH, PERSISTED_OPERATIONS_PATH, SDK_OPERATIONS_DIR]) {
      expect({ file: path.relative(PROJECT_ROOT, file), covered: covered(path.relative(PROJECT_ROOT, file)) }).toEqual({ file: path.relative(PROJECT_ROOT, file), covered: true });
    }
  });

  describe('traced', () => {
    let database: TestDatabase;
    const traceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-trace-'));
    beforeAll(async () => {
      requireBuild();
      database = await prepareTestDatabase();
    }, 120_000);
    afterAll(async () => {
      await database?.drop();
      fs.rmSync(traceDir, { recursive: true, force: true });
    });

    /** Starts `serve.js <service>` as the image would (production, persisted-only), exercises it, stops it: what it read. */
    async function readsOf(service: string): Promise<string[]> {
      const port = await freePort();
      const out = path.join(traceDir, `${service}.json`);
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ...productionSecrets(),
        HUB_PERSISTED_OPERATIONS_ONLY: 'true',
        HUB_TRACE_READS_FILE: out,
        GATEWAY_PORT: String(port),
        [`${service.toUpperCase()}_PORT`]: String(port),
        ...(service === 'gateway' ? {} : { DATABASE_URL: database.url }),
      };
      const child = spawn(process.execPath, ['-r', path.join(__dirname, 'support', 'trace-reads.js'), path.join(PROJECT_ROOT, 'dist', 'bin', 'serve.js'), service], {
        cwd: os.tmpdir(), // not the checkout: nothing may be found through the working directory
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await waitForOk(`http://127.0.0.1:${port}/health/live`, 30_000);
        if (service === 'gateway') {
          // The playground page and its assets (read on first request).
          const page = await (await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } })).text();
          for (const asset of page.matchAll(/(?:src|href)="(\/playground\/[^"]+)"/g)) await fetch(`http://127.0.0.1:${port}${asset[1]}`);
        }
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      return JSON.parse(fs.readFileSync(out, 'utf8')) as string[];
    }

    it.each(['gateway', ...SUBGRAPH_NAMES])('%s: every file it reads is in the image, from a production dependency', async (service) => {
      const reads = (await readsOf(service))
        .filter((file) => file.startsWith(`${PROJECT_ROOT}${path.sep}`) && fs.existsSync(file))
        .map((file) => path.relative(PROJECT_ROOT, file).split(path.sep).join('/'))
        .filter((relative) => relative !== 'test/support/trace-reads.js');
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.filter((relative) => !covered(relative))).toEqual([]);
      // node_modules comes from `npm ci --omit=dev --omit=optional`: what is read must be installed there.
      const devOrOptional = reads
        .filter((relative) => relative.startsWith('node_modules/'))
        .map(packageOf)
        .filter((found) => found && (found.entry.dev || found.entry.optional || found.entry.devOptional))
        .map((found) => found!.key);
      expect([...new Set(devOrOptional)]).toEqual([]);
      if (service === 'gateway') {
        expect(reads).toContain(path.relative(PROJECT_ROOT, PERSISTED_OPERATIONS_PATH));
        expect(reads.some((relative) => relative.startsWith(`${path.relative(PROJECT_ROOT, SDK_OPERATIONS_DIR)}/`))).toBe(true);
      }
    }, 60_000);
  });
});
