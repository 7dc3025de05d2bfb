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
