import { registerEnumType } from 'type-graphql';

export enum MemberKind {
  CITY = 'CITY',
  PUBLIC_BODY = 'PUBLIC_BODY',
}

export enum DelegateRole {
  TITULAR = 'TITULAR',
  SUBSTITUTE = 'SUBSTITUTE',
}

registerEnumType(MemberKind, { name: 'MemberKind', description: 'A city (commune) or a public body (établissement public)' });
registerEnumType(DelegateRole, { name: 'DelegateRole', description: 'Titular delegate (titulaire) or substitute (suppléant)' });

/** The hub's roles (lib/auth.ts ROLES), as GraphQL names them for API keys. */
export enum Role {
  SII_STAFF = 'SII_STAFF',
  MEMBER_AGENT = 'MEMBER_AGENT',
  READER = 'READER',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What a caller may do: SII_STAFF (the SII itself: everything), MEMBER_AGENT (one member’s agent: its own tickets), READER (public data)',
});
