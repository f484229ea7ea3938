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
  interimNoticeDueAt: Date | null;
  interimNoticeSentAt: Date | null;
  /** The stored queue score (null when the item is not queued). */
  score: number | null;
}

/** Open items after `afterId` in id order (keyset pagination over the whole backlog). */
export async function openItemsAfter(
  db: Queryable,
  afterId: string | null,
  limit: number,
): Promise<ScoringRow[]> {
  let q = db
    .selectFrom('concerns as c')
    .leftJoin('work_queue as q', 'q.concern_id', 'c.id')
    .select([
      'c.id',
      'c.status',
      'c.priority_class',
      'c.topic',
      'c.received_at',
      'c.earliest_due_at',
      'c.earliest_due_kind',
      'c.interim_notice_due_at',
      'c.interim_notice_sent_at',
      'q.score',
    ])
    .where('c.status', 'in', ['neu', 'in_bearbeitung', 'wartet'])
    .orderBy('c.id')
    .limit(limit);
  if (afterId) q = q.where('c.id', '>', afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    priorityClass: r.priority_class,
    topic: r.topic as TopicSlug,
    receivedAt: r.received_at,
    earliestDueAt: r.earliest_due_at,
    earliestDueKind: r.earliest_due_kind,
    interimNoticeDueAt: r.interim_notice_due_at,
    interimNoticeSentAt: r.interim_notice_sent_at,
    score: r.score,
  }));
}

/**
 * Writes queue scores. Queue rows a worker is claiming right now are skipped (never waited for); they
 * leave the queue anyway.
 */
export async function writeScores(trx: Tx, ids: string[], scores: number[]): Promise<number> {
  const r = await sql`
    update work_queue q
       set score = u.score
      from unnest(${ids}::uuid[], ${scores}::float8[]) as u(id, score)
     where q.concern_id = u.id
       and q.concern_id in (select concern_id from work_queue where concern_id = any(${ids}::uuid[]) for update skip locked)`.execute(
    trx,
  );
  return Number(r.numAffectedRows ?? 0);
}

/** Sets or clears the interim-notice due time of the given concerns (only those whose value changes). */
export async function writeNoticeDue(trx: Tx, ids: string[], due: (Date | null)[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    update concerns c
       set interim_notice_due_at = u.due
      from unnest(${ids}::uuid[], ${due.map((d) => d?.toISOString() ?? null)}::timestamptz[]) as u(id, due)
     where c.id = u.id`.execute(trx);
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
