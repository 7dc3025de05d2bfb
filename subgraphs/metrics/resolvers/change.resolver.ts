import { DateTimeResolver } from '../../../lib/scalars';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { ChangeConnection } from '../../../lib/audit';
import type { MetricsContext } from '../loaders';
import { hubChanges } from '../services/changes';

@Resolver()
export class ChangeResolver {
  @Query(() => ChangeConnection, {
    description:
      'Every write of the hub on record (mutations, yearly intake, imports, seeds), newest first: who, when, which entity, the fields before and after. ' +
      'SII_STAFF only. entity is a GraphQL type name (Delegate, Application, Ticket, DataPoint…), id its id; since is inclusive.',
  })
  async changes(
    @Arg('entity', () => String, { nullable: true }) entity: string | undefined,
    @Arg('id', () => ID, { nullable: true }) id: string | undefined,
    @Arg('since', () => DateTimeResolver, { nullable: true }) since: Date | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { em, viewer }: MetricsContext,
  ): Promise<ChangeConnection> {
    return hubChanges(em, viewer, { entity, id, since, first, after });
  }
}
