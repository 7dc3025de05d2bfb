import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig, SUBGRAPH_NAMES } from '../lib/config';
import { PROJECT_ROOT } from '../lib/paths';

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
function resolvedEnvironment(service: string, given: Record<string, string> = { HUB_JWT_SECRET: 'a-deployment-secret-of-32-characters!' }): Record<string, string> {
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

  it('gives each service an environment the hub configuration accepts, in production, with the secret required', () => {
    for (const name of HUB_SERVICES) {
      expect(() => resolvedEnvironment(name, {})).toThrow(/HUB_JWT_SECRET is required/);
      const environment = resolvedEnvironment(name);
      expect(environment.NODE_ENV).toBe('production');
      expect(environment.HUB_LISTEN_HOST).toBe('0.0.0.0');
      const config = loadConfig(environment);
      expect(config.isProduction).toBe(true);
      expect(config.usesDevelopmentJwtSecret).toBe(false);
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
