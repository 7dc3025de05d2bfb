import type { Viewer } from '../../../lib/auth';
import { forbidden, unauthenticated } from '../../../lib/errors';

/**
 * Who may read ticket contents. Deployments and projects are public; tickets are not:
 * anonymous → UNAUTHENTICATED, READER → FORBIDDEN, MEMBER_AGENT → its own member's tickets only,
 * SII_STAFF → everything. Returns the member the viewer is confined to (null: no confinement).
 */
export function ticketScope(viewer: Viewer): { memberCode: string | null } {
  if (viewer.anonymous) throw unauthenticated('Tickets need a token (role MEMBER_AGENT or SII_STAFF)');
  if (viewer.role === 'SII_STAFF') return { memberCode: null };
  if (viewer.role === 'MEMBER_AGENT' && viewer.memberCode) return { memberCode: viewer.memberCode.toUpperCase() };
  throw forbidden('Tickets are visible to roles MEMBER_AGENT (own member) and SII_STAFF only');
}

export const canSeeTicketOf = (scope: { memberCode: string | null }, memberCode: string) =>
  scope.memberCode === null || scope.memberCode === memberCode;

/** Who may write tickets: the same people who may read them, within the same confinement. */
export const ticketWriteScope = ticketScope;
