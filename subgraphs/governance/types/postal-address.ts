import { Field, ObjectType } from 'type-graphql';
import { inheritedHint } from '../../../lib/cache-hints';

@ObjectType({ description: 'A postal address, as printed' })
@inheritedHint()
export class PostalAddress {
  @Field(() => String, { description: '"1, rue de l’Union"' })
  street!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String, { description: 'City line after the postal code, e.g. "Bobigny Cedex"' })
  city!: string;

  @Field(() => [String], { description: 'The address as printed, line by line' })
  get lines(): string[] {
    return [this.street, `${this.postalCode} ${this.city}`];
  }
}
