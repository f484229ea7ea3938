/** SQL of the dispatch index: reading open items for scoring, writing scores back, the per-Kasse run lease. */
import { sql } from 'kysely';
import type { Queryable, Tx } from '../db/database.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';

export interface ScoringRow {
  id: string;
  status: string;
  priorityClass: PriorityClass;
  topic: TopicSlug;
  receivedAt: Date;
  earliestDueAt: Date | null;
  earliestDueKind: string | null;
  interimNoticeSentAt: Date | null;
}

/** Open items after `afterId` in id order (keyset pagination over the whole backlog). */
export async function openItemsAfter(
  db: Queryable,
  afterId: string | null,
  limit: number,
): Promise<ScoringRow[]> {
  let q = db
    .selectFrom('concerns')
    .select([
      'id',
      'status',
      'priority_class',
      'topic',
      'received_at',
      'earliest_due_at',
      'earliest_due_kind',
      'interim_notice_sent_at',
    ])
    .where('status', 'in', ['neu', 'in_bearbeitung', 'wartet'])
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    priorityClass: r.priority_class,
    topic: r.topic as TopicSlug,
    receivedAt: r.received_at,
    earliestDueAt: r.earliest_due_at,
    earliestDueKind: r.earliest_due_kind,
    interimNoticeSentAt: r.interim_notice_sent_at,
  }));
}

/**
 * Writes scores and notice due times. Rows another transaction holds (a claim in progress) are skipped,
 * so rescoring never waits on a worker; they are picked up by the next run.
 */
export async function writeScores(
  trx: Tx,
  ids: string[],
  scores: number[],
  noticeDue: (Date | null)[],
): Promise<number> {
  const r = await sql`
    update concerns c
       set dispatch_score = u.score, interim_notice_due_at = u.notice
      from unnest(${ids}::uuid[], ${scores}::float8[], ${noticeDue.map((d) => d?.toISOString() ?? null)}::timestamptz[])
           as u(id, score, notice)
     where c.id = u.id
       and c.id in (select id from concerns where id = any(${ids}::uuid[]) for update skip locked)`.execute(
    trx,
  );
  return Number(r.numAffectedRows ?? 0);
}

export async function activeCaseWorkers(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('disabled', '=', false)
    .where('role', 'in', ['sachbearbeitung', 'teamleitung'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Takes the Kasse's rescoring lease if nobody holds it; false when another process is already scoring. */
export async function acquireRun(trx: Tx, tenantId: string, now: Date, leaseMs: number): Promise<boolean> {
  const until = new Date(now.getTime() + leaseMs);
  const row = await trx
    .insertInto('dispatch_runs')
    .values({ tenant_id: tenantId, locked_until: until, last_started_at: now })
    .onConflict((oc) =>
      oc
        .column('tenant_id')
        .doUpdateSet({ locked_until: until, last_started_at: now })
        .where('dispatch_runs.locked_until', '<', now),
    )
    .returning('tenant_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishRun(
  trx: Tx,
  tenantId: string,
  stats: { finishedAt: Date; items: number; notices: number; ms: number; pBarHours: number },
): Promise<void> {
  await trx
    .updateTable('dispatch_runs')
    .set({
      locked_until: new Date(0),
      last_finished_at: stats.finishedAt,
      last_items: stats.items,
      last_notices: stats.notices,
      last_ms: stats.ms,
      pbar_hours: stats.pBarHours,
    })
    .where('tenant_id', '=', tenantId)
    .execute();
}

export async function lastPBarHours(db: Queryable, tenantId: string): Promise<number | null> {
  const row = await db
    .selectFrom('dispatch_runs')
    .select('pbar_hours')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.pbar_hours ?? null;
}
