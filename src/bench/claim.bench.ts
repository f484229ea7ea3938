/**
 * Claim latency: 50 concurrent workers take items with claim-next from a 200,000-concern backlog on
 * PostgreSQL. Reports p50/p99 and checks that no item was handed out twice.
 */
import { sql } from 'kysely';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { insertTenant } from '../tenants/tenants.repository.js';
import { claimNext, type WorkContext } from '../worklist/worklist.service.js';
import { percentile, round, scratchDatabase } from './support.js';

export async function bench(ctx: { log: (line: string) => void }): Promise<Record<string, unknown>> {
  const backlog = Number(process.env.VORRANG_BENCH_BACKLOG ?? 200_000);
  const workers = Number(process.env.VORRANG_BENCH_WORKERS ?? 50);
  const claimsPerWorker = Number(process.env.VORRANG_BENCH_CLAIMS ?? 40);
  const scratch = await scratchDatabase();
  const handle = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: workers + 5 });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const tenant = await insertTenant(db, { slug: 'bench', name: 'Bench-Kasse', land: 'NW' });
    ctx.log(`filling a backlog of ${backlog} concerns`);
    await sql`
      insert into concerns (tenant_id, reference, channel, sender_kind, subject, body, received_at, received_at_source,
        topic, priority_class, class_rank, triage_confidence, triage_reasons, triage_version, language, earliest_due_at)
      select ${tenant.id}::uuid, 'B' || lpad(g::text, 9, '0'), 'letter', 'insured', 'Bench', 'Text', now() - (g % 40) * interval '1 day',
        'system', 'krankengeld', 'P' || (1 + g % 4), 1 + g % 4, 0.8, '[]'::jsonb, 'bench', 'de',
        case when g % 3 = 0 then now() + (g % 30) * interval '1 day' end
      from generate_series(1, ${backlog}) g`.execute(db);
    await sql`
      insert into work_queue (concern_id, tenant_id, score, priority_class, topic)
      select id, tenant_id, 100 - class_rank * 10 + random(), priority_class, topic from concerns`.execute(
      db,
    );
    await sql`vacuum analyze`.execute(db);
    const users = await sql<{ id: string }>`
      insert into users (tenant_id, email, display_name, password_hash, role)
      select ${tenant.id}::uuid, 'w' || g || '@bench.example', 'W' || g, 'x', 'sachbearbeitung' from generate_series(1, ${workers}) g
      returning id`.execute(db);
    const latencies: number[] = [];
    const claimed: string[] = [];
    const started = performance.now();
    await Promise.all(
      users.rows.map(async (u) => {
        const c: WorkContext = {
          tenant,
          userId: u.id,
          displayName: 'W',
          teamId: null,
          mayActForOthers: false,
          leaseMinutes: 30,
        };
        for (let i = 0; i < claimsPerWorker; i++) {
          const t0 = performance.now();
          const item = await claimNext(db, c);
          latencies.push(performance.now() - t0);
          if (item) claimed.push(item.id);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const distinct = new Set(claimed).size;
    const held = await sql<{
      n: number;
    }>`select count(*)::int as n from concerns where claimed_by is not null`.execute(db);
    const result = {
      backlog,
      workers,
      claims: claimed.length,
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      claimsPerSecond: round(claimed.length / seconds),
      doubleClaims: claimed.length - distinct,
      rowsHeld: held.rows[0]?.n ?? -1,
    };
    ctx.log(
      `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.claimsPerSecond} claims/s, double claims: ${result.doubleClaims}`,
    );
    if (result.doubleClaims !== 0 || result.rowsHeld !== claimed.length)
      throw new Error('double claim detected');
    if (claimed.length !== users.rows.length * claimsPerWorker) throw new Error('some claims found no item');
    return result;
  } finally {
    await handle.close();
    await scratch.drop();
  }
}
