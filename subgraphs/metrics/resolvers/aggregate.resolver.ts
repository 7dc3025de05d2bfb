import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { TicketGrouping } from '../entities';
import type { MetricsContext } from '../loaders';
import { deploymentsOfYear } from '../services/deployments';
import { reconciliation } from '../services/reconciliation';
import { ticketVolume } from '../services/ticket-volume';
import { ApplicationCount, Discrepancy, TicketVolumeRow } from '../types';
import { INCLUDE_SYNTHETIC } from './arguments';

@Resolver()
export class AggregateResolver {
  @Query(() => [ApplicationCount], {
    description: 'Deployments to production recorded by operations for the year, per application: most deployed first, then by id',
  })
  async deploymentsByApplication(
    @Arg('year', () => Int) year: number,
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() { em }: MetricsContext,
  ): Promise<ApplicationCount[]> {
    return deploymentsOfYear(em, year, includeSynthetic ?? false);
  }

  @Query(() => [TicketVolumeRow], {
    description:
      'Tickets opened in the year (Europe/Paris) per member, month, queue or kind, counted by PostgreSQL from operations’ records; the last row is the total (isTotal). ' +
      'MONTH, QUEUE and KIND list every group, zeros included. MEMBER lists members with tickets: all of them for SII_STAFF, only its own member (0 if none) for a MEMBER_AGENT, ' +
      'none for READER and anonymous callers, who get the total row only. Empty when no ticket at all is recorded for the year (not covered, not zero).',
  })
  async ticketVolume(
    @Arg('year', () => Int) year: number,
    @Arg('groupBy', () => TicketGrouping) groupBy: TicketGrouping,
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() { em, viewer }: MetricsContext,
  ): Promise<TicketVolumeRow[]> {
    return ticketVolume(em, viewer, year, groupBy, includeSynthetic ?? false);
  }

  @Query(() => [Discrepancy], {
    description:
      'Each figure the report gives for the year that disagrees with what operations’ records add up to (DEPLOYMENTS: deployments of the year; ' +
      'SUPPORT_TICKETS and TECHNICAL_TICKETS: tickets opened in the year in that queue). An indicator with no record for the year is not covered, ' +
      'neither is a figure the report does not give; the other indicators have no operational records. difference = recorded − reported.',
  })
  async reconciliation(
    @Arg('year', () => Int) year: number,
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() { em }: MetricsContext,
  ): Promise<Discrepancy[]> {
    return reconciliation(em, year, includeSynthetic ?? false);
  }
}
