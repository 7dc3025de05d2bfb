/**
 * Compile-time checks of the SDK's typing (never run): each @ts-expect-error must meet an error,
 * so this file stops compiling if results or variables ever degrade to `any`.
 * Checked by `npm test` (tsc -p .) and by `npm run sdk:build` (sdk/tsconfig.json, nodenext).
 */
import { createHubClient, type MemberKind } from '../index.js';

export async function typingChecks(): Promise<void> {
  const hub = createHubClient({ url: 'http://localhost:4000/graphql' });

  // @ts-expect-error the member code is a required variable
  await hub.memberDashboard({});
  // @ts-expect-error variables are typed: code is a string
  await hub.memberDashboard({ code: 42 });
  // @ts-expect-error enums are string literal unions
  await hub.members({ kind: 'VILLAGE' });
  // @ts-expect-error inputs are checked field by field (role is missing)
  await hub.appointDelegate({ input: { memberCode: 'SYREC', firstName: 'A', lastName: 'B' } });

  const { member } = await hub.memberDashboard({ code: 'BOBIGNY' });
  // @ts-expect-error member may be null (unknown code)
  void member.name;
  const kind: MemberKind | undefined = member?.kind;
  // @ts-expect-error only the selected fields exist on the result
  void member?.delegates[0]?.titular;
  const { staff } = await hub.staff();
  const total: number = staff.total;
  void kind;
  void total;
}
