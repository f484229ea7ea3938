/** SQL of the dispatch index: reading open items for scoring, writing scores back, the per-Kasse run lease. */
import { sql } from 'kysely';
import type { Queryable, Tx } from '../db/database.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';

/** An open item as the rescoring job reads it; times are epoch milliseconds (cheaper to read than Dates). */
export interface ScoringRow {
  id: string;
  status: string;
  priorityClass: PriorityClass;
  topic: TopicSlug;
  receivedMs: number;
  earliestDueMs: number | null;
  earliestDueKind: string | null;
  interimNoticeDueMs: number | null;
  interimNoticeSent: boolean;
  /** The stored queue score (null when the item is not queued). */
  score: number | null;
}

interface OpenItemRaw {
  id: string;
  status: string;
  priority_class: PriorityClass;
  topic: string;
  received_ms: number;
  due_ms: number | null;
  earliest_due_kind: string | null;
  notice_due_ms: number | null;
  notice_sent: boolean;
  score: number | null;
}

/**
 * Every open item of the Kasse, handed over in batches of `batch` rows. One statement over a cursor in the
 * caller's (read-only) transaction: the database plans a single hash join over both tables instead of one
 * index walk per page, and times arrive as plain numbers instead of timestamps to parse.
 */
export async function readOpenItems(
  trx: Tx,
  batch: number,
  onBatch: (rows: ScoringRow[]) => void,
): Promise<void> {
  await sql`set local cursor_tuple_fraction = 1`.execute(trx);
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`
    declare open_items no scroll cursor for
    select c.id, c.status, c.priority_class, c.topic,
           round(date_part('epoch', c.received_at) * 1000) as received_ms,
           round(date_part('epoch', c.earliest_due_at) * 1000) as due_ms,
           c.earliest_due_kind,
           round(date_part('epoch', c.interim_notice_due_at) * 1000) as notice_due_ms,
           c.interim_notice_sent_at is not null as notice_sent,
           q.score
      from concerns c
      left join work_queue q on q.concern_id = c.id
     where c.status in ('neu', 'in_bearbeitung', 'wartet')`.execute(trx);
  const fetch = sql<OpenItemRaw>`fetch forward ${sql.raw(String(Math.max(1, Math.floor(batch))))} from open_items`;
  for (;;) {
    const { rows } = await fetch.execute(trx);
    onBatch(
      rows.map((r) => ({
        id: r.id,
        status: r.status,
        priorityClass: r.priority_class,
        topic: r.topic as TopicSlug,
        receivedMs: r.received_ms,
        earliestDueMs: r.due_ms,
        earliestDueKind: r.earliest_due_kind,
        interimNoticeDueMs: r.notice_due_ms,
        interimNoticeSent: r.notice_sent,
        score: r.score,
      })),
    );
    if (rows.length < batch) break;
  }
  await sql`close open_items`.execute(trx);
}

/**
 * For a batch update joined to an unnest() of a few thousand keys, the planner prefers hashing the whole
 * table (a full scan per batch); one primary-key lookup per key is several times faster.
 */
async function byKeyLookups(trx: Tx): Promise<void> {
  await sql`set local enable_hashjoin = off`.execute(trx);
  await sql`set local enable_mergejoin = off`.execute(trx);
}

/**
 * Writes queue scores. A row a worker is claiming right now is waited for (a claim holds it for a few
 * milliseconds and then deletes it); claims never wait for this update, because they skip locked rows.
 */
export async function writeScores(trx: Tx, ids: string[], scores: number[]): Promise<number> {
  await byKeyLookups(trx);
  const r = await sql`
    update work_queue q
       set score = u.score
      from unnest(${ids}::uuid[], ${scores}::float8[]) as u(id, score)
     where q.concern_id = u.id`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * The legal interim-notice time (`interimNoticeBy` of the clock that is due first) of the given concerns, in
 * epoch milliseconds; concerns whose first clock has none are left out.
 */
export async function legalNoticeTimes(trx: Tx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const r = await sql<{ id: string; ms: number }>`
    select c.id, round(date_part('epoch', (d->>'interimNoticeBy')::timestamptz) * 1000) as ms
      from concerns c
     cross join lateral jsonb_array_elements(c.deadlines) d
     where c.id = any(${ids}::uuid[])
       and d->>'kind' = c.earliest_due_kind
       and d->>'interimNoticeBy' is not null`.execute(trx);
  return new Map(r.rows.map((row) => [row.id, Number(row.ms)]));
}

/** Sets or clears the interim-notice due time of the given concerns (only those whose value changes). */
export async function writeNoticeDue(trx: Tx, ids: string[], due: (Date | null)[]): Promise<void> {
  if (ids.length === 0) return;
  await byKeyLookups(trx);
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
