/**
 * Backlog at scale on PostgreSQL: a Kasse with 1,250,000 concerns, 1,000,000 of them open. Measures the Teamleitung dashboard
 * (all aggregates plus the forecast) and a full rescoring of the dispatch index while case workers keep
 * claiming items.
 */
import { sql } from 'kysely';
import { buildDashboard, refreshSnapshot } from '../backlog/dashboard.service.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { TOPICS } from '../shared/taxonomy.js';
import { insertTenant } from '../tenants/tenants.repository.js';
import { rescoreTenant } from '../worklist/dispatch.service.js';
import { claimNext, type WorkContext } from '../worklist/worklist.service.js';
import { percentile, round, scratchDatabase } from './support.js';

export async function bench(ctx: { log: (line: string) => void }): Promise<Record<string, unknown>> {
  const total = Number(process.env.VORRANG_BENCH_CONCERNS ?? 1_250_000);
  const scratch = await scratchDatabase();
  const handle = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 20 });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    const tenant = await insertTenant(db, { slug: 'gross', name: 'Große Kasse', land: 'NW' });
    const topics = sql.raw(`array[${TOPICS.map((t) => `'${t.slug}'`).join(',')}]`);
    const classes = sql.raw(`array[${TOPICS.map((t) => `'${t.defaultClass}'`).join(',')}]`);
    const started = performance.now();
    ctx.log(`filling ${total} concerns`);
    const step = 100_000;
    for (let from = 1; from <= total; from += step) {
      const to = Math.min(total, from + step - 1);
      await sql`
        insert into concerns (tenant_id, reference, channel, sender_kind, subject, body, received_at, received_at_source,
          status, topic, priority_class, class_rank, triage_confidence, triage_reasons, triage_version, language,
          earliest_due_at, earliest_due_kind, completed_at)
        select ${tenant.id}::uuid, 'G' || lpad(g::text, 9, '0'), 'letter', 'insured', 'Bench', 'Text', r.received_at, 'system',
          case when g % 5 = 0 then 'erledigt' else 'neu' end,
          (${topics})[1 + g % ${TOPICS.length}], (${classes})[1 + g % ${TOPICS.length}],
          substr((${classes})[1 + g % ${TOPICS.length}], 2)::int, 0.8, '[]'::jsonb, 'bench', 'de',
          case when g % 3 = 0 then r.received_at + interval '21 days' end,
          case when g % 3 = 0 then 'sgb5_13_3a' end,
          case when g % 5 = 0 then r.received_at + (g % 10) * interval '1 day' end
        from generate_series(${from}::int, ${to}::int) g,
             lateral (select now() - (g % 60) * interval '1 day' - (g % 1000) * interval '1 minute' as received_at) r`.execute(
        db,
      );
      ctx.log(`  ${to} rows`);
    }
    await sql`
      insert into users (tenant_id, email, display_name, password_hash, role)
      select ${tenant.id}::uuid, 'w' || g || '@gross.example', 'W' || g, 'x', 'sachbearbeitung' from generate_series(1, 400) g`.execute(
      db,
    );
    await sql`
      insert into work_queue (concern_id, tenant_id, score, priority_class, topic)
      select id, tenant_id, random(), priority_class, topic from concerns where status = 'neu'`.execute(db);
    await sql`vacuum analyze`.execute(db);
    const fillSeconds = (performance.now() - started) / 1000;

    // The snapshot of the slow aggregates, as the rescoring job refreshes it every few minutes.
    const s0 = performance.now();
    await refreshSnapshot(db, tenant);
    const snapshotMs = performance.now() - s0;
    ctx.log(`snapshot refresh ${round(snapshotMs)} ms`);
    // Dashboard requests: live deadlines and notices plus the snapshot, as the API serves them.
    await buildDashboard(db, tenant);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await buildDashboard(db, tenant);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    ctx.log(`dashboard p50 ${round(percentile(times, 50))} ms, p95 ${round(percentile(times, 95))} ms`);

    // Rescoring the whole backlog while ten workers claim items, each at most every `pauseMs` (a large Kasse's
    // 1,500 case workers claim a few items per second in all; ten workers claiming flat out would measure
    // how the machine shares its two cores, not whether rescoring blocks claims).
    const pauseMs = Number(process.env.VORRANG_BENCH_CLAIM_PAUSE_MS ?? 100);
    const users = await sql<{ id: string }>`select id from users limit 10`.execute(db);
    let rescoring = true;
    const claimTimes: number[] = [];
    const workers = users.rows.map(async (u) => {
      const c: WorkContext = {
        tenant,
        userId: u.id,
        displayName: 'W',
        teamId: null,
        mayActForOthers: false,
        leaseMinutes: 30,
      };
      while (rescoring) {
        const t0 = performance.now();
        await claimNext(db, c);
        claimTimes.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    });
    const r = await rescoreTenant(db, tenant.id, { chunk: 5000 });
    rescoring = false;
    await Promise.all(workers);
    claimTimes.sort((a, b) => a - b);
    // The next regular run, ten minutes later: only scores that moved by more than the tolerance are written.
    const steady = await rescoreTenant(db, tenant.id, { now: new Date(Date.now() + 10 * 60_000) });
    ctx.log(`next run 10 minutes later: ${round(steady.ms / 1000)} s, ${steady.written} scores rewritten`);
    ctx.log(`first run phases (ms): ${JSON.stringify(r.phases)}; next run: ${JSON.stringify(steady.phases)}`);
    ctx.log(
      `rescored ${r.items} open concerns in ${round(r.ms / 1000)} s; ${claimTimes.length} claims meanwhile, p99 ${round(percentile(claimTimes, 99))} ms`,
    );
    return {
      concerns: total,
      fillSeconds: round(fillSeconds),
      dashboard: {
        runs: times.length,
        p50Ms: round(percentile(times, 50)),
        p95Ms: round(percentile(times, 95)),
        snapshotRefreshMs: round(snapshotMs),
      },
      rescore: {
        openItems: r.items,
        notices: r.notices,
        seconds: round(r.ms / 1000),
        claimsDuring: claimTimes.length,
        claimP50Ms: round(percentile(claimTimes, 50)),
        claimP99Ms: round(percentile(claimTimes, 99)),
        phasesMs: r.phases,
        nextRunSeconds: round(steady.ms / 1000),
        nextRunScoresWritten: steady.written,
      },
    };
  } finally {
    await handle.close();
    await scratch.drop();
  }
}
