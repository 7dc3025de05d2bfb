import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AvailabilityPlatform, IndicatorCode, TicketGrouping, TicketKind, TicketQueue } from './enums';
import { Application, Member } from './stubs';

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

@ObjectType({ description: 'Deployments to production of one application in a year, counted from operations’ records' })
export class ApplicationCount {
  @Field(() => Application)
  application!: Application;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'One row of ticketVolume: the tickets opened in the year within one group, or the total of all groups (isTotal: true, always the last row). ' +
    'Exactly one of member, month, queue, kind is set on a group row, according to the grouping; none on the total row.',
})
export class TicketVolumeRow {
  @Field(() => TicketGrouping)
  groupBy!: TicketGrouping;

  @Field(() => Boolean, { description: 'True on the total row (all tickets of the year, whatever rows the viewer may see)' })
  isTotal!: boolean;

  @Field(() => String, {
    description: 'The group as text: member code, ISO month (2018-03), queue or kind; "TOTAL" on the total row',
  })
  key!: string;

  @Field(() => Member, { nullable: true, description: 'groupBy MEMBER: the member (null on the total row)' })
  member!: Member | null;

  @Field(() => Int, { nullable: true, description: 'groupBy MONTH: month of opening, 1–12, in Europe/Paris time' })
  month!: number | null;

  @Field(() => String, { nullable: true, description: 'groupBy MONTH: first day of the month, ISO date (2018-03-01)' })
  periodStart!: string | null;

  @Field(() => TicketQueue, { nullable: true, description: 'groupBy QUEUE: the queue' })
  queue!: TicketQueue | null;

  @Field(() => TicketKind, { nullable: true, description: 'groupBy KIND: the kind' })
  kind!: TicketKind | null;

  @Field(() => Float, { description: 'Tickets opened in the year in this group' })
  count!: number;
}

@ObjectType({ description: 'A reported yearly figure that disagrees with what the operational records add up to' })
export class Discrepancy {
  @Field(() => IndicatorCode)
  indicator!: IndicatorCode;

  @Field(() => String, { description: 'The indicator’s label, e.g. "Mises en Production"' })
  label!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Float, { description: 'The figure the report gives' })
  reported!: number;

  @Field(() => Float, { description: 'What operations’ records add up to for the year' })
  recorded!: number;

  @Field(() => Float, { description: 'recorded − reported: negative when the records hold fewer than the report (2018 deployments: 73 − 77 = −4)' })
  difference!: number;

  @Field(() => Float, { nullable: true, description: 'difference / reported, e.g. −0.0519…; null when the report gives 0' })
  relativeDifference!: number | null;

  @Field(() => String, { nullable: true })
  source!: string | null;
}

@ObjectType({ description: 'A recorded yearly availability rate' })
export class AvailabilityPoint {
  @Field(() => AvailabilityPlatform)
  platform!: AvailabilityPlatform;

  @Field(() => Int)
  year!: number;

  @Field(() => Float, { description: 'Availability rate in percent (0–100), e.g. 99.95' })
  rate!: number;

  @Field(() => String)
  source!: string;

  @Field(() => String, { description: 'When it was recorded (ISO 8601 date-time)' })
  recordedAt!: string;
}

@ObjectType({ description: 'The availability series of one platform' })
export class AvailabilitySeries {
  @Field(() => AvailabilityPlatform)
  platform!: AvailabilityPlatform;

  @Field(() => String)
  label!: string;

  @Field(() => [AvailabilityPoint], { description: 'Recorded years, oldest first; empty until SII staff records figures' })
  points!: AvailabilityPoint[];
}
