import type { Viewer } from '../../../lib/auth';

/**
 * What a viewer may see of per-member figures. Indicators and syndicate-wide aggregates are public;
 * a member's own figures are not:
 * - SII_STAFF: every member;
 * - MEMBER_AGENT: its own member only (aggregates across members, such as totals, stay visible);
 * - READER and anonymous: no member's rows, totals only.
 * Returns the member codes the viewer may see, or null for all.
 */
export function visibleMemberCodes(viewer: Viewer): string[] | null {
  if (viewer.role === 'SII_STAFF' && !viewer.anonymous) return null;
  if (viewer.role === 'MEMBER_AGENT' && viewer.memberCode) return [viewer.memberCode.toUpperCase()];
  return [];
}

export const canSeeMember = (viewer: Viewer, memberCode: string) => {
  const visible = visibleMemberCodes(viewer);
  return visible === null || visible.includes(memberCode.toUpperCase());
};
