import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Headcount of the whole SII' })
export class StaffSummary {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  women!: number;

  @Field(() => Int)
  men!: number;
}
