import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A new application of the catalogue' })
export class AddApplicationInput {
  @Field(() => ID, { nullable: true, description: 'Stable slug (lower-case letters, digits, dashes); by default made from the name' })
  id?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Code of its domain, e.g. FIN' })
  domainCode!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'Other names (as printed in reports, e.g. in the deployments table)' })
  aliases?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Listed in the portfolio table of the report (default true)' })
  inPortfolio?: boolean | null;
}

@InputType({ description: 'Changes to an application: only the fields given change' })
export class UpdateApplicationInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read (Application.version); a stale one is CONFLICT and nothing changes' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'A new name (rename); the old name is kept as an alias unless `aliases` is given' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Move it to another domain (code)' })
  domainCode?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'The whole list of other names, replacing the current one' })
  aliases?: string[] | null;
}

@InputType({ description: 'Retires an application: the SII no longer provides it from that day' })
export class RetireApplicationInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read (Application.version); a stale one is CONFLICT and nothing changes' })
  expectedVersion!: number;

  // A String checked by the service, not LocalDate: a bad date is then BAD_USER_INPUT naming the field.
  @Field(() => String, { description: 'The day it is retired, YYYY-MM-DD' })
  retiredOn!: string;
}
