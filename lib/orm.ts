import { DefaultLogger, type LogContext, type LoggerOptions, type Options, ReflectMetadataProvider } from '@mikro-orm/core';
import type { Constructor } from '@mikro-orm/core';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, type EntityManager } from '@mikro-orm/postgresql';
import { schemaGeneratorOptions } from './schema-drift';

export type { EntityManager };

type QueryObserver = (sql: string) => void;
const queryObservers = new Set<QueryObserver>();

/**
 * Lets tests and benchmarks count the SQL statements a process sends (every ORM query and
 * every raw `em.execute` passes through here). Returns the function that stops observing.
 */
export function observeSqlStatements(observer: QueryObserver): () => void {
  queryObservers.add(observer);
  return () => queryObservers.delete(observer);
}

class ObservableLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    for (const observer of queryObservers) observer(context.query);
    super.logQuery(context);
  }
}

export interface SubgraphOrmOptions {
  /** PostgreSQL schema the subgraph owns; also the home of its migrations table. */
  schema: string;
  clientUrl: string;
  entities: Constructor<object>[];
  migrations: Constructor<Migration>[];
  poolMax?: number;
  debug?: boolean;
}

export function subgraphOrmConfig(options: SubgraphOrmOptions): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.clientUrl,
    schema: options.schema,
    entities: options.entities,
    // Explicit types on every property: no TypeScript reflection at run time beyond decorators.
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    // What MikroORM's schema diff (migration:create, schema:update) compares: this schema, without the
    // tables no entity maps on purpose (lib/schema-drift-allowlist.ts). Nothing runs it at run time.
    schemaGenerator: schemaGeneratorOptions(options.schema),
    migrations: {
      tableName: `${options.schema}.mikro_orm_migrations`,
      migrationsList: options.migrations.map((migration) => ({ name: migration.name, class: migration })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Writes are explicit: nothing is flushed unless a resolver asks for it.
    allowGlobalContext: false,
    forceUndefined: false,
    debug: options.debug ?? false,
    loggerFactory: (loggerOptions: LoggerOptions) => new ObservableLogger(loggerOptions),
    ignoreUndefinedInQuery: true,
  };
}

export async function openSubgraphOrm(options: SubgraphOrmOptions): Promise<MikroORM> {
  return MikroORM.init(subgraphOrmConfig(options));
}

/** Applies the subgraph's committed migrations; never syncs or drops anything. */
export async function migrateSubgraph(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

const rowColumnsByEntity = new WeakMap<object, { property: string; column: string; isDate: boolean }[]>();

/**
 * Maps raw rows (`select *` of the entity's table) to plain objects with the entity's property
 * names and types, skipping the ORM's hydration: no identity map, no change-tracking snapshot, no
 * property accessors. For read-only lists: profiling a 1,000-ticket response put most of the
 * subgraph's time in `em.map` (see README, Performance). The objects are not entities: never
 * pass them to `em.persist`/`flush`, and `instanceof` the entity class is false.
 */
export function readOnlyRowMapper<T extends object>(em: EntityManager, entity: Constructor<T>): (row: Record<string, unknown>) => T {
  const meta = em.getMetadata().get(entity.name);
  // Loaders are built per request: the column list is worked out once per entity, not each time.
  let columns = rowColumnsByEntity.get(meta);
  if (!columns) {
    columns = meta.props
      .filter((prop) => prop.kind === 'scalar' && prop.persist !== false && prop.fieldNames?.length === 1)
      .map((prop) => ({ property: prop.name as string, column: prop.fieldNames[0], isDate: prop.runtimeType === 'Date' }));
    rowColumnsByEntity.set(meta, columns);
  }
  const mappedColumns = columns;
  return (row) => {
    const mapped: Record<string, unknown> = {};
    for (const { property, column, isDate } of mappedColumns) {
      const value = row[column];
      mapped[property] = isDate && typeof value === 'string' ? new Date(value) : value;
    }
    return mapped as T;
  };
}
