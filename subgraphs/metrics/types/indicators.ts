import { Field, Float, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, type FactProvenance, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { IndicatorCode } from '../entities';

@ObjectType({ description: 'An indicator of the report’s synthesis table of technical data, with its yearly series' })
export class Indicator {
  @Field(() => IndicatorCode)
  code!: IndicatorCode;

  @Field(() => String, { description: 'Column header as the report prints it, e.g. "Mises en Production"' })
  label!: string;

  @Field(() => String, { description: 'What one unit counts, e.g. "pages", "tickets"' })
  unit!: string;

  @Field(() => String)
  description!: string;

  /** Column order of the report's table. */
  position!: number;

  storedProvenance!: FactProvenance | null;

  @Field(() => Provenance, { description: `${PROVENANCE_DESCRIPTION}. The column: its label is printed, its unit and description are the hub’s` })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance);
  }

  @Field(() => [FieldProvenance], { description: FIELD_PROVENANCE_DESCRIPTION })
  get fieldProvenance(): FieldProvenance[] {
    return fieldProvenances(this.storedProvenance);
  }
}

@ObjectType({ description: 'One reported year of an indicator' })
export class DataPoint {
  @Field(() => Int)
  year!: number;

  @Field(() => Float, { nullable: true, description: 'null: the source left the cell blank (not reported); 0 is a real zero' })
  value!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Relative change from the previous reported point of the series ((value − previous) / previous, e.g. −0.125 for 88 → 77); ' +
      'null when this or the previous value is missing, when there is no previous point, or when the previous value is 0',
  })
  change!: number | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from, e.g. "Rapport d\'activité SII 2018, tableau de synthèse"' })
  source!: string | null;
}
