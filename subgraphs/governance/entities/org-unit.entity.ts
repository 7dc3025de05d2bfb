import { Check, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@Entity({ tableName: 'org_unit' })
@ObjectType({ description: 'A department of the SII with its headcount by sex' })
export class OrgUnit {
  [OptionalProps]?: 'headcount';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text', unique: true })
  @Field(() => String)
  code!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  name!: string;

  @Property({ type: 'integer' })
  @Check({ name: 'org_unit_women_check', expression: 'women >= 0' })
  @Field(() => Int)
  women!: number;

  @Property({ type: 'integer' })
  @Check({ name: 'org_unit_men_check', expression: 'men >= 0' })
  @Field(() => Int)
  men!: number;

  @Property({ type: 'integer' })
  position!: number;

  @Field(() => Int)
  get headcount(): number {
    return this.women + this.men;
  }
}
