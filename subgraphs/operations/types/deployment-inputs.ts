import { LocalDateResolver } from 'graphql-scalars';
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
}
