import fs from 'node:fs';
import { ROLES, type Role } from '../lib/auth';
import { parseCommandLine } from '../lib/cli';
import { ConfigError, loadConfig } from '../lib/config';
import { clientCredentialsToken, demoAccountId, devProviderStateFile, type DevProviderState } from '../lib/identity/development-provider';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, parseDuration, signHubToken } from '../lib/identity/hs256';

const USAGE = `Usage: npm run token -- [--role <role>] [--member <code>] [--sub <name>] [--expires <duration>]

Prints a bearer token for the hub (send it as Authorization: Bearer <token>).

  npm run token -- --role MEMBER_AGENT --member BOBIGNY
  npm run token -- --role SII_STAFF

Options:
  --role R       SII_STAFF, MEMBER_AGENT or READER (default READER)
  --member CODE  the member of a MEMBER_AGENT (BOBIGNY, LE_BLANC_MESNIL, LA_COURNEUVE, …)
  --sub NAME     the token's subject (HS256 only; default <role>[-<member>]@dev)
  --expires D    lifetime, e.g. 3600, 90m, 12h (HS256 only; default 12h, at most HUB_JWT_MAX_LIFETIME_SECONDS)
  -h, --help     this text

With HUB_JWT_SECRET set, the token is signed here (HS256, iss HUB_JWT_ISSUER, aud HUB_JWT_AUDIENCE).
Without it, the token comes from the development OpenID provider that \`npm start\` runs (the demo
account of that role and member, through its client-credentials client): start the hub first.`;

async function main(): Promise<void> {
  const { values } = parseCommandLine(USAGE, {
    options: {
      role: { type: 'string', default: 'READER' },
      member: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new ConfigError(`--role must be one of ${ROLES.join(', ')}`);
  if (role === 'MEMBER_AGENT' && !values.member) throw new ConfigError('--member is required with --role MEMBER_AGENT (e.g. --member BOBIGNY)');
  if (role !== 'MEMBER_AGENT' && values.member) throw new ConfigError('--member only goes with --role MEMBER_AGENT');
  const config = loadConfig();
  const member = values.member?.trim().toUpperCase();
  const hs256 = config.identity.hs256;

  if (hs256) {
    let lifetime: number;
    try {
      lifetime = parseDuration(values.expires ?? DEFAULT_TOKEN_LIFETIME_SECONDS);
    } catch (error) {
      throw new ConfigError(`--expires: ${(error as Error).message}`);
    }
    if (lifetime <= 0) throw new ConfigError('--expires must be positive');
    if (lifetime > hs256.maxLifetimeSeconds) {
      throw new ConfigError(`--expires ${values.expires} is longer than the ${hs256.maxLifetimeSeconds} s this hub accepts (HUB_JWT_MAX_LIFETIME_SECONDS)`);
    }
    const sub = values.sub ?? `${role.toLowerCase()}${member ? `-${member.toLowerCase()}` : ''}@dev`;
    console.log(signHubToken({ sub, role, ...(member ? { member } : {}) }, hs256.secret, lifetime, { issuer: hs256.issuer, audience: hs256.audience }));
    return;
  }

  if (config.isProduction) throw new ConfigError('Without HUB_JWT_SECRET this command has nothing to sign with: tokens come from your identity provider');
  if (values.sub || values.expires) throw new ConfigError('--sub and --expires apply to HS256 tokens only (set HUB_JWT_SECRET); the development provider decides them');
  const stateFile = devProviderStateFile(config.dataDir);
  const noProvider = `No development OpenID provider found (${stateFile}): start the hub with \`npm start\` (it runs one), or set HUB_JWT_SECRET to sign HS256 tokens here`;
  if (!fs.existsSync(stateFile)) throw new ConfigError(noProvider);
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as DevProviderState;
  const accountId = demoAccountId(role, member);
  const client = state.tokenClients[accountId];
  if (!client) throw new ConfigError(`The development provider has no demo account ${accountId} (members: ${Object.keys(state.tokenClients).filter((id) => id.startsWith('agent-')).join(', ')})`);
  try {
    console.log(await clientCredentialsToken(state.issuer, client));
  } catch (error) {
    throw new ConfigError(`${noProvider} (${state.issuer}: ${(error as Error).message})`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
