import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { DelegateRole } from '../entities';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@ObjectType({ description: 'The syndicate committee (comité syndical): every member’s delegates and its president' })
@publicHint(CACHE_MAX_AGE.reference)
export class Council {}

@InputType({ description: 'Appoints one delegate to a seat of a member' })
export class AppointDelegateInput {
  @Field(() => String, { description: 'Member code, e.g. BOBIGNY' })
  memberCode!: string;

  @Field(() => DelegateRole)
  role!: DelegateRole;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => Int, { nullable: true, description: 'Seat (1 or 2); by default the first seat where this role is vacant' })
  seat?: number | null;
}
