/**
 * The Teamleitung dashboard's aggregates. Each query is shaped to one of the indexes of migration 004, so
 * it reads an index range instead of the table even with a million concerns.
 */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';

export const AGE_BUCKETS = ['0–2 Tage', '3–7 Tage', '8–14 Tage', '15–28 Tage', 'über 28 Tage'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export interface BacklogMix {
  byClass: Record<PriorityClass, number>;
  byTopic: { topic: TopicSlug; count: number }[];
  byAge: { bucket: AgeBucket; byClass: Record<PriorityClass, number> }[];
}

const emptyClasses = (): Record<PriorityClass, number> => ({ P1: 0, P2: 0, P3: 0, P4: 0 });

export async function backlogMix(db: Queryable, tenantId: string, now: Date): Promise<BacklogMix> {
  const day = 86_400_000;
  const t = (d: number) => new Date(now.getTime() - d * day);
  const rows = await sql<{
    priority_class: PriorityClass | null;
    topic: string | null;
    bucket: number | null;
    n: number;
  }>`
    select priority_class, topic,
           case when received_at > ${t(2)} then 0 when received_at > ${t(7)} then 1
                when received_at > ${t(14)} then 2 when received_at > ${t(28)} then 3 else 4 end as bucket,
           count(*)::int as n
      from concerns
     where tenant_id = ${tenantId} and status in ('neu', 'in_bearbeitung', 'wartet')
     group by grouping sets ((priority_class), (topic), (priority_class, bucket))`.execute(db);
  const byClass = emptyClasses();
  const byTopic: BacklogMix['byTopic'] = [];
  const byAge = AGE_BUCKETS.map((bucket) => ({ bucket, byClass: emptyClasses() }));
  for (const r of rows.rows) {
    if (r.topic !== null) byTopic.push({ topic: r.topic as TopicSlug, count: r.n });
    else if (r.priority_class !== null && r.bucket !== null) byAge[r.bucket]!.byClass[r.priority_class] = r.n;
    else if (r.priority_class !== null) byClass[r.priority_class] = r.n;
  }
  byTopic.sort((a, b) => b.count - a.count);
  return { byClass, byTopic, byAge };
}

export interface DueItem {
  reference: string;
  topic: TopicSlug;
  priorityClass: PriorityClass;
  dueAt: Date;
  kind: string | null;
}

export async function deadlinesAtRisk(
  db: Queryable,
  tenantId: string,
  now: Date,
  limit: number,
): Promise<{ overdue: number; next3Days: number; next7Days: number; items: DueItem[] }> {
  const in3 = new Date(now.getTime() + 3 * 86_400_000);
  const in7 = new Date(now.getTime() + 7 * 86_400_000);
  const counts = await sql<{ overdue: number; d3: number; d7: number }>`
    select count(*) filter (where earliest_due_at < ${now})::int as overdue,
           count(*) filter (where earliest_due_at >= ${now} and earliest_due_at < ${in3})::int as d3,
           count(*) filter (where earliest_due_at >= ${now})::int as d7
      from concerns
     where tenant_id = ${tenantId} and status in ('neu', 'in_bearbeitung', 'wartet')
       and earliest_due_at is not null and earliest_due_at < ${in7}`.execute(db);
  const items = await db
    .selectFrom('concerns')
    .select(['reference', 'topic', 'priority_class', 'earliest_due_at', 'earliest_due_kind'])
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['neu', 'in_bearbeitung', 'wartet'])
    .where('earliest_due_at', 'is not', null)
    .where('earliest_due_at', '>=', now)
    .where('earliest_due_at', '<', in7)
    .orderBy('earliest_due_at')
    .limit(limit)
    .execute();
  const c = counts.rows[0] ?? { overdue: 0, d3: 0, d7: 0 };
  return {
    overdue: c.overdue,
    next3Days: c.d3,
    next7Days: c.d7,
    items: items.map((r) => ({
      reference: r.reference,
      topic: r.topic as TopicSlug,
      priorityClass: r.priority_class,
      dueAt: r.earliest_due_at!,
      kind: r.earliest_due_kind,
    })),
  };
}

export async function interimNoticesDue(
  db: Queryable,
  tenantId: string,
  now: Date,
  limit: number,
): Promise<{ due: number; overdue: number; items: DueItem[] }> {
  const counts = await sql<{ due: number; overdue: number }>`
    select count(*)::int as due, count(*) filter (where interim_notice_due_at < ${now})::int as overdue
      from concerns
     where tenant_id = ${tenantId} and interim_notice_due_at is not null and interim_notice_sent_at is null`.execute(
    db,
  );
  const items = await db
    .selectFrom('concerns')
    .select(['reference', 'topic', 'priority_class', 'interim_notice_due_at', 'earliest_due_kind'])
    .where('tenant_id', '=', tenantId)
    .where('interim_notice_due_at', 'is not', null)
    .where('interim_notice_sent_at', 'is', null)
    .where('status', 'in', ['neu', 'in_bearbeitung', 'wartet'])
    .orderBy('interim_notice_due_at')
    .limit(limit)
    .execute();
  const c = counts.rows[0] ?? { due: 0, overdue: 0 };
  return {
    due: c.due,
    overdue: c.overdue,
    items: items.map((r) => ({
      reference: r.reference,
      topic: r.topic as TopicSlug,
      priorityClass: r.priority_class,
      dueAt: r.interim_notice_due_at!,
      kind: r.earliest_due_kind,
    })),
  };
}

export interface DayCount {
  day: string;
  priorityClass: PriorityClass;
  n: number;
}

/** Completed and received items per Berlin calendar day and class since `from`. */
export async function dailyFlow(
  db: Queryable,
  tenantId: string,
  from: Date,
): Promise<{ done: DayCount[]; arrived: DayCount[] }> {
  const done = await sql<{ day: string; priority_class: PriorityClass; n: number }>`
    select to_char(completed_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as day, priority_class, count(*)::int as n
      from concerns
     where tenant_id = ${tenantId} and completed_at is not null and completed_at >= ${from}
     group by 1, 2`.execute(db);
  const arrived = await sql<{ day: string; priority_class: PriorityClass; n: number }>`
    select to_char(received_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as day, priority_class, count(*)::int as n
      from concerns
     where tenant_id = ${tenantId} and received_at >= ${from}
     group by 1, 2`.execute(db);
  const map = (rows: { day: string; priority_class: PriorityClass; n: number }[]) =>
    rows.map((r) => ({ day: r.day, priorityClass: r.priority_class, n: r.n }));
  return { done: map(done.rows), arrived: map(arrived.rows) };
}

export async function readSnapshot(
  db: Queryable,
  tenantId: string,
): Promise<{ snapshot: unknown; at: Date } | undefined> {
  const row = await db
    .selectFrom('dispatch_runs')
    .select(['snapshot', 'snapshot_at'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.snapshot && row.snapshot_at ? { snapshot: row.snapshot, at: row.snapshot_at } : undefined;
}

export async function writeSnapshot(
  db: Queryable,
  tenantId: string,
  snapshot: unknown,
  at: Date,
): Promise<void> {
  await db
    .insertInto('dispatch_runs')
    .values({ tenant_id: tenantId, snapshot: JSON.stringify(snapshot), snapshot_at: at })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ snapshot: JSON.stringify(snapshot), snapshot_at: at }),
    )
    .execute();
}
