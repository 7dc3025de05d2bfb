import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Application, IndicatorCode, Member, TicketGrouping, TicketKind, TicketQueue } from '../entities';
import { CACHE_MAX_AGE, privateHint, publicHint } from '../../../lib/cache-hints';

@ObjectType({ description: 'Deployments to production of one application in a year, counted from operations’ records' })
@publicHint(CACHE_MAX_AGE.figures)
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
@privateHint(CACHE_MAX_AGE.figures)
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
@publicHint(CACHE_MAX_AGE.figures)
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
