import { ROLES, type Role, signToken } from '../lib/auth';
import { parseCommandLine } from '../lib/cli';
import { ConfigError, loadConfig } from '../lib/config';

const USAGE = `Usage: npm run token -- [--role <role>] [--member <code>] [--sub <name>] [--expires <duration>]

Prints a bearer token for the hub, signed with HUB_JWT_SECRET (the development secret when unset):
send it as Authorization: Bearer <token>.

Options:
  --role <role>          ${ROLES.join(', ')} (default READER)
  --member <code>        the member of a MEMBER_AGENT, e.g. BOBIGNY (required with that role only)
  --sub <name>           the token's subject (default <role>[-<member>]@dev)
  --expires <duration>   lifetime, e.g. 90m, 12h, 7d (default 12h)
  -h, --help             this text

Example: npm run -s token -- --role MEMBER_AGENT --member BOBIGNY`;

/** `npm run token -- --role MEMBER_AGENT --member BOBIGNY` prints a signed development token. */
function main(): void {
  const { values } = parseCommandLine(USAGE, {
    options: {
      role: { type: 'string', default: 'READER' },
      member: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new ConfigError(`--role must be one of ${ROLES.join(', ')}`);
  if (role === 'MEMBER_AGENT' && !values.member) throw new ConfigError('--member is required with --role MEMBER_AGENT (e.g. --member BOBIGNY)');
  if (role !== 'MEMBER_AGENT' && values.member) throw new ConfigError('--member only goes with --role MEMBER_AGENT');
  const config = loadConfig();
  const member = values.member?.toUpperCase();
  const sub = values.sub ?? `${role.toLowerCase()}${member ? `-${member.toLowerCase()}` : ''}@dev`;
  if (config.usesDevelopmentJwtSecret) console.error('(signed with the DEVELOPMENT secret: set HUB_JWT_SECRET for anything real)');
  console.log(signToken({ sub, role, ...(member ? { member } : {}) }, config.jwtSecret, values.expires as never));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
