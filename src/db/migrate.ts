import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_imports.js';
import * as m003 from './migrations/003_dispatch.js';
import * as m004 from './migrations/004_dashboard.js';
import * as m005 from './migrations/005_team_tenant.js';

/** Migrations are listed here, in order, so a bundle or a fresh checkout needs no file-system scan. */
const MIGRATIONS: Record<string, Migration> = {
  '001_foundation': m001,
  '002_imports': m002,
  '003_dispatch': m003,
  '004_dashboard': m004,
  '005_team_tenant': m005,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'vorrang_migrations',
    migrationLockTableName: 'vorrang_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
