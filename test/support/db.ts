/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a new PostgreSQL database
 * (dropped afterwards) when VORRANG_TEST_DIALECT=postgres and TEST_DATABASE_URL are set.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const dialect: 'pglite' | 'postgres' =
  process.env.VORRANG_TEST_DIALECT === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Opens another independent connection pool to the same database (a second "server process"). */
  openAnother(): Promise<DatabaseHandle>;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (dialect === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite-memory' });
    await migrateToLatest(handle.db);
    return {
      handle,
      openAnother: () => Promise.reject(new Error('PGlite is a single in-process connection')),
      close: () => handle.close(),
    };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('VORRANG_TEST_DIALECT=postgres needs TEST_DATABASE_URL');
  const name = `vorrang_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const open = () => openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 20 });
  const handle = await open();
  await migrateToLatest(handle.db);
  const extra: DatabaseHandle[] = [];
  return {
    handle,
    openAnother: async () => {
      const h = await open();
      extra.push(h);
      return h;
    },
    close: async () => {
      for (const h of extra) await h.close();
      await handle.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
