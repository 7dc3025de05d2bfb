import { LocalDateResolver } from '../../../lib/scalars';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class RecordDeploymentInput {
  @Field(() => ID, { description: 'Catalogue application id, checked against the graph' })
  applicationId!: string;

  @Field(() => Int, { nullable: true, description: 'Year of the deployment; may be omitted when deployedOn is given' })
  year?: number | null;

  @Field(() => LocalDateResolver, { nullable: true })
  deployedOn?: string | null;

  @Field(() => String, { nullable: true })
  version?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => [String], { nullable: true, description: 'Codes of the members it was deployed for' })
  memberCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Client-chosen key (≤ 200 characters) making retries safe (e.g. after a timeout): the same key with the same input returns the deployment it recorded; ' +
      'the same key with a different input is BAD_USER_INPUT. Keys are scoped to the caller (token subject).',
  })
  idempotencyKey?: string | null;
}
