import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A member of the governance subgraph, known here by its natural key only (as operations knows it). */
@ObjectType()
@Directive('@key(fields: "code")')
export class Member {
  @Field(() => String)
  code!: string;
}

/** An application of the catalogue subgraph, known here by its id only. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Application {
  @Field(() => ID)
  id!: string;
}

export const memberStub = (code: string) => Object.assign(new Member(), { code });
export const applicationStub = (id: string) => Object.assign(new Application(), { id });
