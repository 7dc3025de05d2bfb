import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';

@Entity({ tableName: 'domain' })
@ObjectType({ description: 'A business domain of the catalogue (e.g. FIN Finances, CIV État Civil)' })
@Directive('@key(fields: "code")')
export class Domain {
  @PrimaryKey({ type: 'text' })
  @Check({ name: 'domain_code_check', expression: "code ~ '^[A-Z]{2,10}$'" })
  @Field(() => String, { description: 'Code as printed in the report: FIN, GRH, CIV, …' })
  code!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  name!: string;

  /** Order of the report's table. */
  @Property({ type: 'integer' })
  position!: number;
}
