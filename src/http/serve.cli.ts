import { loadConfigForCommand } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemo } from '../demo/seed.js';
import { createLogger } from '../logger.js';
import { defaultTriage } from '../triage/default.js';
import { buildApp } from './app.js';
import { startRescoring } from '../worklist/rescore.job.js';
import { TenantCache } from './deps.js';

export async function run(): Promise<number> {
  const config = loadConfigForCommand();
  if (!config) return 2;
  const logger = createLogger(config);
  const handle = await openDatabase(config.database);
  let ready = false;
  const triage = await defaultTriage();
  const app = await buildApp(
    {
      db: handle.db,
      config,
      triage,
      tenants: new TenantCache(handle.db),
      publicRateLimit:
        config.publicRateLimit > 0 ? { max: config.publicRateLimit, timeWindow: 60_000 } : false,
    },
    { logger, isReady: () => ready },
  );

  let closing = false;
  let stopRescoring = (): void => undefined;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    stopRescoring();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host}:${config.port}`;
  const applied = await migrateToLatest(handle.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  if (config.demo.enabled) {
    const demo = await seedDemo(handle.db, { size: config.demo.size, triage, log: (m) => logger.info(m) });
    if (demo.accounts.length) {
      process.stdout.write(
        `\nDemo-Kasse „${demo.tenantName}“ (${url}/k/demo/anliegen)\nDemo-Zugänge für ${url}/app/:\n` +
          demo.accounts
            .map((a) => `  ${a.email.padEnd(32)} Passwort: ${a.password.padEnd(6)} (${a.role})`)
            .join('\n') +
          '\n\n',
      );
    }
  }
  ready = true;
  stopRescoring = startRescoring(handle.db, config.rescoreMinutes, logger);
  logger.info({ url, database: handle.kind }, 'vorrang is ready');
  process.stdout.write(`vorrang läuft auf ${url} (Datenbank: ${handle.kind})\n`);
  return new Promise<number>(() => {
    // Runs until a signal arrives.
  });
}
