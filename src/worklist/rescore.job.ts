/**
 * Keeps the dispatch index fresh: every few minutes each process offers to rescore every Kasse; the
 * per-Kasse lease in dispatch_runs lets exactly one process do it, so adding processes adds no work.
 */
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { listTenants } from '../tenants/tenants.repository.js';
import { refreshSnapshot } from '../backlog/dashboard.service.js';
import { rescoreTenant } from './dispatch.service.js';

export function startRescoring(db: Db, minutes: number, logger: Logger): () => void {
  if (minutes <= 0) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const t of await listTenants(db)) {
        const r = await rescoreTenant(db, t.id);
        if (!r.ran) continue;
        await refreshSnapshot(db, t);
        logger.info(
          { tenant: t.slug, items: r.items, notices: r.notices, ms: r.ms },
          'dispatch index refreshed',
        );
      }
    } catch (err) {
      logger.error({ err }, 'rescoring failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 5_000);
  const timer = setInterval(() => void tick(), minutes * 60_000);
  timer.unref();
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
