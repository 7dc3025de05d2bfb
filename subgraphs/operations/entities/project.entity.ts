import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@Entity({ tableName: 'project' })
// A GIN index (projects by member): MikroORM knows it only as SQL.
@Index({
  name: 'project_member_codes_index',
  expression: 'create index "project_member_codes_index" on "operations"."project" using gin ("member_codes")',
})
@ObjectType({ description: 'A project or achievement of the year, as the activity report lists them' })
export class Project {
  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  description!: string | null;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Business area, e.g. S.I. Finances, S.I. Ressources Humaines, Santé' })
  area!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Code of the SII service that ran it: ETUDES, PRODUCTION, AMO_NTIC or GSQ_SAU (as governance’s orgUnits)' })
  teamCode!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Name of the SII service that ran it, e.g. Études Fonctionnelles' })
  team!: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  year!: number;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  memberCodes!: string[];

  /** Order of the report. */
  @Property({ type: 'integer' })
  position!: number;
}
