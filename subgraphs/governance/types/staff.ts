import { Field, Int, ObjectType } from 'type-graphql';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@ObjectType({ description: 'Headcount of the whole SII' })
@publicHint(CACHE_MAX_AGE.reference)
export class StaffSummary {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  women!: number;

  @Field(() => Int)
  men!: number;
}
