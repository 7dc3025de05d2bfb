import { ArrayType, Check, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { Domain } from './domain.entity';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'portfolio' })
@ObjectType({
  description:
    'The application portfolio as the 2018 report gives it: the size it announces (50), the rows its table prints (51) and the applications the hub ' +
    'serves for them (57, after splitting the 4 rows that each name several products), with the reason of each difference',
})
@publicHint(CACHE_MAX_AGE.reference)
export class Portfolio {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  /** "report-2018": one row (the migration's check `id = 'report-2018'`, which MikroORM reads as a one-value enum). */
  @Enum({ items: ['report-2018'], type: 'text', primary: true })
  id!: string;

  @Property({ type: 'integer' })
  @Check({ name: 'portfolio_announced_count_check', expression: 'announced_count >= 0' })
  @Field(() => Int, { description: 'The size the report announces: "Un portefeuille de 50 applications informatiques" (I. Présentation générale)' })
  announcedCount!: number;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Why the announced count, the printed rows and the served applications differ' })
  explanation!: string;

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

@Entity({ tableName: 'portfolio_row' })
@ObjectType({ simpleResolvers: true, description: 'One row of the report’s portfolio table (II.A.4) exactly as printed, with the application(s) the hub serves for it' })
@publicHint(CACHE_MAX_AGE.reference)
export class PortfolioRow {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  @Check({ name: 'portfolio_row_position_check', expression: 'position > 0' })
  @Field(() => Int, { description: 'Row number in print order, 1 to 51' })
  position!: number;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The DOMAINE cell, printed on a domain’s first row only' })
  printedDomain!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The Code domaine cell, printed on a domain’s first row only' })
  printedDomainCode!: string | null;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The Applications cell as printed, scanning glitches included (e.g. "Méloдие / ActesWeb")' })
  printedApplications!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The Description courte cell as printed' })
  printedDescription!: string | null;

  @ManyToOne(() => Domain, {
    fieldName: 'domain_code',
    mapToPk: true,
    foreignKeyName: 'portfolio_row_domain_code_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  domainCode!: string;

  @Property({ type: ArrayType })
  @Check({ name: 'portfolio_row_application_ids_check', expression: 'cardinality(application_ids) > 0' })
  applicationIds!: string[];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'How the hub read the row, where it is not one application as printed' })
  note!: string | null;
}
