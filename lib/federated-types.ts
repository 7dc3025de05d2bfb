import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/**
 * Types that several subgraphs declare with the same definition, kept in one copy here because
 * subgraphs never import each other: key-only stubs of entities other subgraphs own (the gateway
 * resolves their other fields), and enums that more than one subgraph exposes (composition merges
 * them, so every copy must have the same values and description).
 */

/**
 * Key-only stubs of governance's Member and catalogue's Application, made anew for each subgraph
 * that calls this: type-graphql attaches field resolvers to the class, so one class shared by two
 * subgraphs would give each the other's fields.
 */
export function createKeyStubs() {
  /** A member of the governance subgraph, known by its natural key only. */
  @ObjectType('Member')
  @Directive('@key(fields: "code")')
  class Member {
    @Field(() => String)
    code!: string;
  }

  /** An application of the catalogue subgraph, known by its id only. */
  @ObjectType('Application')
  @Directive('@key(fields: "id")')
  class Application {
    @Field(() => ID)
    id!: string;
  }

  return {
    Member,
    Application,
    memberStub: (code: string) => Object.assign(new Member(), { code }),
    applicationStub: (id: string) => Object.assign(new Application(), { id }),
  };
}

/** Operations files tickets by queue and kind; metrics groups its counts by them. */
export enum TicketKind {
  INCIDENT = 'INCIDENT',
  REQUEST = 'REQUEST',
}

export enum TicketQueue {
  SUPPORT = 'SUPPORT',
  TECHNICAL = 'TECHNICAL',
}

registerEnumType(TicketKind, { name: 'TicketKind', description: 'An incident (something broke) or a request (something is asked for)' });
registerEnumType(TicketQueue, {
  name: 'TicketQueue',
  description: 'SUPPORT: the SAU’s user support; TECHNICAL: the production team’s technical tickets',
});
