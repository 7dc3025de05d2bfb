import { DateTimeResolver } from '../../../lib/scalars';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ApiKey, Role } from '../entities';

@InputType({ description: 'A new API key for a service account (a BI tool); SII_STAFF only' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for (1 to 100 characters, unique), e.g. "Power BI – Bobigny tickets"' })
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Required with MEMBER_AGENT (the member the key acts for), refused otherwise' })
  memberCode?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the key stops working: in the future, at most 2 years ahead; default 1 year' })
  expiresAt?: Date | null;
}

@ObjectType({ description: 'A key just created: its secret appears here once and is never shown again' })
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field(() => String, {
    description: 'The key itself (siihub_…): send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. Store it now: the hub keeps only its hash',
  })
  secret!: string;
}
