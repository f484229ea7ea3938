import { loadConfigForCommand } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { findTenantBySlug, listTenants } from '../tenants/tenants.repository.js';
import { rescoreTenant } from './dispatch.service.js';

/** `vorrang rescore [--tenant SLUG]`: recompute the dispatch index now (the server also does it on a timer). */
export async function run(args: string[]): Promise<number> {
  let slug: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--tenant') slug = args[++i];
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'vorrang rescore [--tenant SLUG]\n  Recomputes the dispatch order of every open concern.\n',
      );
      return 0;
    } else {
      process.stderr.write(`vorrang rescore: unknown option ${a}\n`);
      return 2;
    }
  }
  const config = loadConfigForCommand();
  if (!config) return 2;
  const handle = await openDatabase(config.database);
  try {
    await migrateToLatest(handle.db);
    const tenants = slug ? [await findTenantBySlug(handle.db, slug)] : await listTenants(handle.db);
    if (tenants.some((t) => !t)) {
      process.stderr.write(`vorrang rescore: unknown Kasse "${slug}"\n`);
      return 2;
    }
    for (const t of tenants) {
      if (!t) continue;
      const r = await rescoreTenant(handle.db, t.id, {
        onProgress: (done) => process.stderr.write(`\r${t.slug}: ${done} Anliegen bewertet`),
      });
      process.stderr.write('\n');
      process.stdout.write(
        r.ran
          ? `${t.slug}: ${r.items} offene Anliegen neu bewertet, ${r.notices} Zwischennachrichten fällig, ${r.ms} ms\n`
          : `${t.slug}: läuft bereits in einem anderen Prozess\n`,
      );
    }
    return 0;
  } finally {
    await handle.close();
  }
}
