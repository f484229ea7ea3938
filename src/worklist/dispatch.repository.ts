/** SQL of the dispatch index: reading open items for scoring, writing scores back, the per-Kasse run lease. */
import { sql } from 'kysely';
import { arrayElement, arrayLiteral } from '../db/array-literal.js';
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

/**
 * Every open item of the Kasse whose id lies in one of `parts` equal ranges of the uuid space (concern ids
 * are random, so the ranges hold about the same number), fetched `batch` rows at a time. One
 * statement over a cursor in the caller's (read-only) transaction: the database plans a single hash join
 * over both tables instead of one index walk per page. The rescoring job reads the ranges over separate
 * connections at once, so the database produces rows while this process takes them apart.
 *
 * Each row arrives as one comma-separated text: the driver's cost is per field, and ten fields cost it
 * twice what one field and a split do. The fields are a uuid, codes, numbers and t/f, none with a comma
 * (topic and clock codes are written by vorrang only; a row with a comma in one is refused, not misread);
 * times are epoch milliseconds, an empty field is null.
 */
export async function readOpenItems(
  trx: Tx,
  range: { part: number; parts: number },
  batch: number,
): Promise<ScoringRow[]> {
  const { lower, upper } = uuidRange(range.part, range.parts);
  await sql`set local cursor_tuple_fraction = 1`.execute(trx);
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`
    declare open_items no scroll cursor for
    select concat_ws(',', c.id, c.status, c.priority_class, c.topic,
             round(date_part('epoch', c.received_at) * 1000),
             coalesce(round(date_part('epoch', c.earliest_due_at) * 1000)::text, ''),
             coalesce(c.earliest_due_kind, ''),
             coalesce(round(date_part('epoch', c.interim_notice_due_at) * 1000)::text, ''),
             case when c.interim_notice_sent_at is null then 'f' else 't' end,
             coalesce(q.score::text, '')) as line
      from concerns c
      left join work_queue q on q.concern_id = c.id
     where c.status in ('neu', 'in_bearbeitung', 'wartet')
       and c.id >= ${lower}::uuid ${upper === null ? sql`` : sql`and c.id < ${upper}::uuid`}`.execute(trx);
  const fetch = sql<{
    line: string;
  }>`fetch forward ${sql.raw(String(Math.max(1, Math.floor(batch))))} from open_items`;
  const items: ScoringRow[] = [];
  for (;;) {
    const { rows } = await fetch.execute(trx);
    for (const r of rows) items.push(parseOpenItem(r.line));
    if (rows.length < batch) break;
  }
  await sql`close open_items`.execute(trx);
  return items;
}

/** Bounds of part `part` of `parts` equal ranges of the uuid space (upper null: to the end). */
export function uuidRange(part: number, parts: number): { lower: string; upper: string | null } {
  if (
    !Number.isInteger(parts) ||
    parts < 1 ||
    parts > 256 ||
    !Number.isInteger(part) ||
    part < 0 ||
    part >= parts
  ) {
    throw new RangeError(`no part ${part} of ${parts}`);
  }
  const bound = (k: number) =>
    `${Math.floor((k * 0x1_0000_0000) / parts)
      .toString(16)
      .padStart(8, '0')}-0000-0000-0000-000000000000`;
  return { lower: bound(part), upper: part === parts - 1 ? null : bound(part + 1) };
}

function parseOpenItem(line: string): ScoringRow {
  const f = line.split(',');
  if (f.length !== 10) throw new Error(`open item ${f[0]}: a stored code contains a comma (${line})`);
  const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
  return {
    id: f[0]!,
    status: f[1]!,
    priorityClass: f[2] as PriorityClass,
    topic: f[3] as TopicSlug,
    receivedMs: Number(f[4]),
    earliestDueMs: num(f[5]),
    earliestDueKind: f[6] || null,
    interimNoticeDueMs: num(f[7]),
    interimNoticeSent: f[8] === 't',
    score: num(f[9]),
  };
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
      from unnest(${arrayLiteral(ids.map(arrayElement))}::uuid[], ${arrayLiteral(scores.map(arrayElement))}::float8[]) as u(id, score)
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
      from unnest(${arrayLiteral(ids.map(arrayElement))}::uuid[], ${arrayLiteral(due.map(arrayElement))}::timestamptz[]) as u(id, due)
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
