import { ArrayType, Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from '../../../lib/scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { Domain } from './domain.entity';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'application' })
@ObjectType({ simpleResolvers: true, description: 'An application the SII provides to its members' })
@Directive('@key(fields: "id")')
@publicHint(CACHE_MAX_AGE.reference)
export class Application {
  [OptionalProps]?: 'version' | 'retiredOn' | 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Check({ name: 'application_id_check', expression: "id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'" })
  @Field(() => ID, { description: 'Stable slug, e.g. "melodie"' })
  id!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  name!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Short description as the portfolio table prints it; null where the report gives none (the 3 applications outside the portfolio)',
  })
  description!: string | null;

  /** The domain's code; a foreign key, mapped to the code alone (no Domain is loaded with an application). */
  @Index({ name: 'application_domain_code_index' })
  @ManyToOne(() => Domain, {
    fieldName: 'domain_code',
    mapToPk: true,
    foreignKeyName: 'application_domain_code_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  domainCode!: string;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  @Field(() => [String], {
    description:
      'Other names the report uses for it, e.g. in the 2018 deployments table; where the hub identified a printed name with the application ' +
      '(FAST PARAPHEUR, MESSAGERIE, SIGF…), fieldProvenance "aliases" is a HUB_CHOICE saying which and why',
  })
  aliases!: string[];

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'False for an application the report names (e.g. in its deployments table) but does not list in its portfolio',
  })
  inPortfolio!: boolean;

  /** Name, aliases and description, lower-cased without accents: what `search` matches. */
  @Property({ type: 'text' })
  searchText!: string;

  /** Name and aliases in search form, for ranking exact matches first. */
  @Property({ type: ArrayType })
  nameKeys!: string[];

  @Property({ type: 'integer', default: 1 })
  @Check({ name: 'application_version_check', expression: 'version >= 1' })
  @Field(() => Int, { description: '1 when added, raised by one at each change: the expectedVersion of updateApplication and retireApplication' })
  version!: number;

  @Property({ type: 'string', columnType: 'date', nullable: true })
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The day the SII stopped providing it; null while in service. A retired application stays answerable: old deployments and tickets still point at it',
  })
  retiredOn!: string | null;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Provenance, { description: PROVENANCE_DESCRIPTION })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance);
  }

  @Field(() => [FieldProvenance], { description: FIELD_PROVENANCE_DESCRIPTION })
  get fieldProvenance(): FieldProvenance[] {
    return fieldProvenances(this.storedProvenance);
  }
}
