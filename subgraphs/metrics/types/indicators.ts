import { DateTimeResolver } from '../../../lib/scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, type FactProvenance, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { IndicatorCode } from '../entities';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@ObjectType({ description: 'An indicator of the report’s synthesis table of technical data, with its yearly series' })
@publicHint(CACHE_MAX_AGE.figures)
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
@publicHint(CACHE_MAX_AGE.figures)
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

  /** The indicator it belongs to (history, changes). */
  code!: IndicatorCode;

  @Field(() => Int, { description: '1 when first recorded, raised by one each time the figure is replaced: the expectedVersion of recordIndicatorValue' })
  version!: number;

  @Field(() => Provenance, {
    description: 'Where the figure comes from: a report (document, section), a yearly intake file (document, checksum) or a mutation (recordedBy)',
  })
  provenance!: Provenance;
}

@ObjectType({ simpleResolvers: true, description: 'An earlier state of a figure, replaced later (by a later report, an intake or a mutation)' })
@publicHint(CACHE_MAX_AGE.figures)
export class DataPointVersion {
  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  version!: number;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;

  @Field(() => DateTimeResolver, { description: 'When it was replaced' })
  supersededAt!: Date;
}

@InputType({ description: 'One figure of the synthesis table: an indicator’s value for a year' })
export class RecordIndicatorValueInput {
  @Field(() => IndicatorCode)
  indicator!: IndicatorCode;

  @Field(() => Int, { description: 'A past or current year, 1971 (the SII’s creation) or later' })
  year!: number;

  @Field(() => Float, { nullable: true, description: 'A whole number of 0 or more; null records a blank cell (not reported)' })
  value!: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version of the figure you read (DataPoint.version). Leave it out only when the year has no figure yet: a figure already there, ' +
      'or one changed since you read it, is CONFLICT and nothing is written',
  })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Why (e.g. "corrected by the 2019 report"); kept in the provenance, at most 500 characters' })
  note?: string | null;
}
