import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A project of a year, as the activity report lists them (II.B)' })
export class RecordProjectInput {
  @Field(() => Int, { description: 'The year of the report that lists it: 1971 up to the current year' })
  year!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { description: 'Business area, e.g. S.I. Finances, Santé' })
  area!: string;

  @Field(() => String, { description: 'The SII service that ran it: ETUDES, PRODUCTION, AMO_NTIC or GSQ_SAU' })
  teamCode!: string;

  @Field(() => [String], { nullable: true, description: 'Codes of the members it was for, checked against the graph; none for work on the SII’s own platform' })
  memberCodes?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Stable id (lower-case letters, digits, dashes); by default the year and the title, e.g. 2019-portail-famille' })
  id?: string | null;
}
