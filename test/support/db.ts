/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a new PostgreSQL database
 * (dropped afterwards) when VORRANG_TEST_DIALECT=postgres and TEST_DATABASE_URL are set.
 */
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchDatabase } from '../../src/db/scratch.js';

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
  const scratch = await createScratchDatabase(base, 'vorrang_t');
  const open = () => openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 20 });
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
      await scratch.drop();
    },
  };
}
