/**
 * Opens the one database: embedded PGlite by default, PostgreSQL when DATABASE_URL is set. Both speak the
 * same SQL and run the same migrations.
 */
import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Return timestamps as Date and 64-bit integers as numbers (ids and counts stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openDatabase(
  database: Config['database'] | { kind: 'pglite-memory' },
): Promise<DatabaseHandle> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: database.poolSize });
    // An idle connection that the server closes (restart, failover, admin) is dropped from the pool and
    // replaced on the next query; without a listener the 'error' event would end the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let pglite: PGlite;
  if (database.kind === 'pglite') {
    await fs.mkdir(database.dataDir, { recursive: true });
    pglite = await PGlite.create(`file://${database.dataDir}/pglite`, { relaxedDurability: false });
  } else {
    pglite = await PGlite.create();
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/** The role every tenant-scoped statement runs as. It is not the table owner, so row-level security binds. */
export const APP_ROLE = 'vorrang_app';

/**
 * Runs `fn` in one transaction as the application role with the tenant set. PostgreSQL row-level
 * security then limits every statement to that Kasse's rows, whatever the code asks for.
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('vorrang.tenant_id', ${tenantId}, true)`.execute(
      trx,
    );
    return fn(trx);
  });
}
