import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type GraphQLSchema, printSchema } from 'graphql';
import { PROJECT_ROOT } from '../lib/paths';
import { printApiSchema } from './api-schema';
import type { SchemaChange, SchemaCheckResult } from './schema-check';

/**
 * The SDK's version follows the API schema it is generated from. sdk/api-schema.graphql records
 * that schema and the version of sdk/package.json it was generated at; `npm run codegen` rewrites
 * it, and refuses (so does `npm run codegen:check`) when the schema changed but the version did
 * not go up enough: a new major version for a breaking change (as `npm run schema:check` classifies
 * them), a new minor version for any other change. The rule is told in sdk/README.md, "Versions".
 */
export const SDK_DIR = path.join(PROJECT_ROOT, 'sdk');
export const SDK_PACKAGE_PATH = path.join(SDK_DIR, 'package.json');
export const SDK_API_SCHEMA_PATH = path.join(SDK_DIR, 'api-schema.graphql');

/** What sdk/api-schema.graphql records. */
export interface SdkSchemaRecord {
  /** sdk/package.json's version when `npm run codegen` last wrote the record. */
  version: string;
  /** SHA-256 of `sdl`. */
  sha256: string;
  /** The API schema, printed as `printApiSchema` does. */
  sdl: string;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const HEADER = /^# The API schema of @sii-hub\/sdk (\S+) \(SHA-256 ([0-9a-f]{64})\)\.\n(?:#.*\n)*\n/;

export function formatSdkSchemaRecord(version: string, sdl: string): string {
  return [
    `# The API schema of @sii-hub/sdk ${version} (SHA-256 ${sha256Hex(sdl)}).`,
    '# Written by `npm run codegen` from schema/supergraph.graphql: do not edit. The SDK version follows',
    '# this schema (major for a breaking change, minor for any other): see sdk/README.md, "Versions".',
    '',
    sdl,
  ].join('\n');
}

export function parseSdkSchemaRecord(text: string): SdkSchemaRecord {
  const header = HEADER.exec(text);
  if (!header) throw new SdkVersionError(`${relative(SDK_API_SCHEMA_PATH)} has no "# The API schema of @sii-hub/sdk <version> (SHA-256 <hash>)." header`);
  const sdl = text.slice(header[0].length);
  if (sha256Hex(sdl) !== header[2]) {
    throw new SdkVersionError(`${relative(SDK_API_SCHEMA_PATH)} was edited by hand (its SHA-256 is not the one in its header): restore it with git and run \`npm run codegen\``);
  }
  return { version: header[1], sha256: header[2], sdl };
}

export class SdkVersionError extends Error {
  override name = 'SdkVersionError';
}

type Version = [major: number, minor: number, patch: number];

export function parseVersion(version: string): Version {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/.exec(version);
  if (!match) throw new SdkVersionError(`sdk/package.json: "${version}" is not a version (major.minor.patch)`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export type SchemaBump = 'none' | 'minor' | 'major';

/** The least the version must go up for these changes: breaking → major, any other change → minor. */
export function requiredBump(result: Pick<SchemaCheckResult, 'changed' | 'breaking'>): SchemaBump {
  if (result.breaking.length > 0) return 'major';
  return result.changed ? 'minor' : 'none';
}

/** How `to` goes up from `from`: the highest part that increased, `none` when equal, `lower` when it went down. */
export function bumpBetween(from: string, to: string): 'major' | 'minor' | 'patch' | 'none' | 'lower' {
  const [a, b] = [parseVersion(from), parseVersion(to)];
  for (const [index, part] of (['major', 'minor', 'patch'] as const).entries()) {
    if (b[index] > a[index]) return part;
    if (b[index] < a[index]) return 'lower';
  }
  return 'none';
}

/** The smallest version that makes `bump` from `from`. */
export function nextVersion(from: string, bump: Exclude<SchemaBump, 'none'>): string {
  const [major, minor] = parseVersion(from);
  return bump === 'major' ? `${major + 1}.0.0` : `${major}.${minor + 1}.0`;
}

const RANK = { none: 0, lower: -1, patch: 1, minor: 2, major: 3 } as const;

/** Compares two API schemas as `npm run schema:check` does (loaded lazily: most runs see no change). */
function checkApiSchemas(baseSdl: string, candidateSdl: string): SchemaCheckResult {
  const { checkSchema } = require('./schema-check') as typeof import('./schema-check');
  return checkSchema(baseSdl, candidateSdl);
}

/**
 * The new content of sdk/api-schema.graphql for the current schema and package version, or a
 * SdkVersionError saying which version to set when the schema changed and the version did not
 * go up enough.
 */
export function nextSdkSchemaRecord(options: {
  /** The committed sdk/api-schema.graphql, if any. */
  previous: string | undefined;
  /** The current API schema (printApiSchema of the committed supergraph). */
  sdl: string;
  /** sdk/package.json's version. */
  version: string;
  compare?: (baseSdl: string, candidateSdl: string) => SchemaCheckResult;
}): string {
  const { sdl, version, compare = checkApiSchemas } = options;
  parseVersion(version);
  if (options.previous === undefined) return formatSdkSchemaRecord(version, sdl);
  const recorded = parseSdkSchemaRecord(options.previous);
  const bump = bumpBetween(recorded.version, version);
  if (bump === 'lower') {
    throw new SdkVersionError(`sdk/package.json's version ${version} is lower than ${recorded.version}, the version sdk/api-schema.graphql was generated at`);
  }
  if (recorded.sdl === sdl) return formatSdkSchemaRecord(version, sdl);
  const result = compare(recorded.sdl, sdl);
  const required = requiredBump(result);
  if (RANK[bump] >= RANK[required]) return formatSdkSchemaRecord(version, sdl);
  const target = nextVersion(recorded.version, required as Exclude<SchemaBump, 'none'>);
  const list = (title: string, changes: SchemaChange[]) =>
    changes.length === 0 ? [] : [`${title} (${changes.length}):`, ...changes.map((change) => `- ${change.description} ${capitalize(change.consequence)}.`)];
  throw new SdkVersionError(
    [
      `The API schema changed since @sii-hub/sdk ${recorded.version} was generated (sdk/api-schema.graphql), but sdk/package.json says ${version}.`,
      ...list('Breaking changes for clients', result.breaking),
      ...list('Changes to tell clients about', result.dangerous),
      ...(result.breaking.length === 0 && result.dangerous.length === 0 ? ['Compatible changes only (additions, descriptions).'] : []),
      `${required === 'major' ? 'A breaking change needs a new major version' : 'A compatible change needs a new minor version'}: ` +
        `set the version in sdk/package.json to ${target} (\`npm version ${required} --prefix sdk --no-git-tag-version\`), then run \`npm run codegen\` again.`,
    ].join('\n'),
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const relative = (file: string) => path.relative(PROJECT_ROOT, file);

export function readSdkPackageVersion(file = SDK_PACKAGE_PATH): string {
  const { version } = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new SdkVersionError(`${relative(file)} has no version`);
  return version;
}

/** sdk/api-schema.graphql for the schema codegen was given (written by codegen.ts's `schema-record` output). */
export function sdkSchemaRecordOf(schema: GraphQLSchema): string {
  const sdl = printApiSchema(printSchema(schema));
  const previous = fs.existsSync(SDK_API_SCHEMA_PATH) ? fs.readFileSync(SDK_API_SCHEMA_PATH, 'utf8') : undefined;
  try {
    return nextSdkSchemaRecord({ previous, sdl, version: readSdkPackageVersion() });
  } catch (error) {
    // codegen.ts runs silent, which hides plugin errors: say it here.
    if (error instanceof SdkVersionError) console.error(`\n${error.message}\n`);
    throw error;
  }
}
