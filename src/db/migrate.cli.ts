import { loadConfigForCommand } from '../config.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

export async function run(): Promise<number> {
  const config = loadConfigForCommand();
  if (!config) return 2;
  const handle = await openDatabase(config.database);
  try {
    const applied = await migrateToLatest(handle.db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    return 0;
  } finally {
    await handle.close();
  }
}
