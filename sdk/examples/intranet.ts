/**
 * What a member city's intranet does with the SDK: print its own dashboard.
 *
 *   npm run sdk:build
 *   HUB_URL=http://localhost:4000/graphql HUB_TOKEN=$(npm run -s token -- --role MEMBER_AGENT --member BOBIGNY) \
 *     node sdk/dist/esm/examples/intranet.js BOBIGNY
 *
 * It imports the SDK's sources ('../index.js'); an intranet's own code imports the installed
 * package: `from '@sii-hub/sdk'` (sdk/README.md). `npm run sdk:build` compiles it to
 * sdk/dist/esm/examples/ (not packed); test/sdk.test.ts builds it and runs it against a live hub.
 */
import { createHubClient, HubError, type MemberDashboardQuery } from '../index.js';

type Dashboard = NonNullable<MemberDashboardQuery['member']>;

function renderDashboard(member: Dashboard): string {
  const lines = [`${member.name} (${member.code}): ${member.kind === 'CITY' ? 'city' : 'public body'}`];
  for (const delegate of member.delegates) {
    if (delegate.role !== 'TITULAR') continue;
    const substitute = delegate.substitute ? `, substitute ${delegate.substitute.fullName}` : ', no substitute';
    lines.push(`- seat ${delegate.seat}: ${delegate.fullName}${delegate.isPresident ? ' (president)' : ''}${substitute}`);
  }
  return lines.join('\n');
}

async function main(url: string, token: string | undefined, code: string): Promise<string> {
  const hub = createHubClient({ url, token });
  const { member } = await hub.memberDashboard({ code });
  if (!member) return `No member has the code ${code}`;
  return renderDashboard(member);
}

main(process.env.HUB_URL ?? 'http://localhost:4000/graphql', process.env.HUB_TOKEN || undefined, process.argv[2] ?? 'BOBIGNY')
  .then((text) => console.log(text))
  .catch((error: unknown) => {
    console.error(error instanceof HubError ? `${error.code}: ${error.message}` : error);
    process.exitCode = 1;
  });
