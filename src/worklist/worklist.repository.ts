/**
 * The work queue, in dispatch order (src/worklist/dispatch.service.ts): P1 first, then due interim notices,
 * then the aging ATC index.
 *
 * Two kinds of items are claimable: new ones, each with a row in `work_queue` holding its score, and
 * claimed ones whose lease ran out (found by the lease index on concerns and scored on the spot). A claim
 * locks its row with FOR UPDATE SKIP LOCKED, so concurrent workers in any number of processes never get
 * the same item; a claimed item leaves the queue, so nobody has to step over items others hold.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { selectConcerns, toConcern, type Concern } from '../concerns/concerns.repository.js';
import type { Queryable, Tx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';

export interface QueueFilter {
  /** Restrict to one team's items plus unrouted ones; undefined = all teams. */
  teamId?: string | undefined;
  priorityClass?: PriorityClass | undefined;
  topic?: TopicSlug | undefined;
}

type QEb = ExpressionBuilder<Database & { q: Database['work_queue'] }, 'q'>;
type CEb = ExpressionBuilder<Database & { c: Database['concerns'] }, 'c'>;

function queueWhere(eb: QEb, tenantId: string, filter: QueueFilter) {
  const conditions = [eb('q.tenant_id', '=', tenantId)];
  if (filter.teamId)
    conditions.push(eb.or([eb('q.team_id', '=', filter.teamId), eb('q.team_id', 'is', null)]));
  if (filter.priorityClass) conditions.push(eb('q.priority_class', '=', filter.priorityClass));
  if (filter.topic) conditions.push(eb('q.topic', '=', filter.topic));
  return eb.and(conditions);
}

function expiredWhere(eb: CEb, now: Date, filter: QueueFilter) {
  const conditions = [eb('c.status', '=', 'in_bearbeitung'), eb('c.lease_expires_at', '<', now)];
  if (filter.teamId)
    conditions.push(eb.or([eb('c.team_id', '=', filter.teamId), eb('c.team_id', 'is', null)]));
  if (filter.priorityClass) conditions.push(eb('c.priority_class', '=', filter.priorityClass));
  if (filter.topic) conditions.push(eb('c.topic', '=', filter.topic));
  return eb.and(conditions);
}

/** Locks and returns the first new item in queue order, with its score. */
export async function lockFirstQueued(
  trx: Tx,
  tenantId: string,
  filter: QueueFilter,
): Promise<{ id: string; score: number } | undefined> {
  const row = await trx
    .selectFrom('work_queue as q')
    .select(['q.concern_id', 'q.score'])
    .where((eb) => queueWhere(eb as QEb, tenantId, filter))
    .orderBy('q.score', 'desc')
    .orderBy('q.concern_id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row ? { id: row.concern_id, score: row.score } : undefined;
}

/** Locks and returns the claimed items whose lease ran out (few at any time), for scoring in the caller. */
export async function lockExpired(
  trx: Tx,
  now: Date,
  filter: QueueFilter,
  limit: number,
): Promise<Concern[]> {
  const rows = await selectConcerns(trx)
    .where((eb) => expiredWhere(eb as CEb, now, filter))
    .orderBy('c.lease_expires_at')
    .limit(limit)
    .forUpdate('c')
    .skipLocked()
    .execute();
  return rows.map(toConcern);
}

/** Marks an item claimed by `userId` and takes it out of the queue. */
export async function markClaimed(
  trx: Tx,
  id: string,
  userId: string,
  now: Date,
  leaseUntil: Date,
): Promise<void> {
  await trx
    .updateTable('concerns')
    .set({ status: 'in_bearbeitung', claimed_by: userId, lease_expires_at: leaseUntil, updated_at: now })
    .where('id', '=', id)
    .execute();
  await trx.deleteFrom('work_queue').where('concern_id', '=', id).execute();
}

/** The first `limit` new items in queue order, with their scores. */
export async function listQueued(
  db: Queryable,
  tenantId: string,
  filter: QueueFilter,
  limit: number,
): Promise<{ concern: Concern; score: number }[]> {
  const rows = await selectConcerns(db)
    .innerJoin('work_queue as q', 'q.concern_id', 'c.id')
    .select('q.score')
    .where((eb) => queueWhere(eb as unknown as QEb, tenantId, filter))
    .orderBy('q.score', 'desc')
    .orderBy('q.concern_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ concern: toConcern(r), score: r.score }));
}

export async function listExpired(
  db: Queryable,
  now: Date,
  filter: QueueFilter,
  limit: number,
): Promise<Concern[]> {
  const rows = await selectConcerns(db)
    .where((eb) => expiredWhere(eb as CEb, now, filter))
    .orderBy('c.lease_expires_at')
    .limit(limit)
    .execute();
  return rows.map(toConcern);
}

export async function queueSize(
  db: Queryable,
  tenantId: string,
  now: Date,
  filter: QueueFilter,
): Promise<number> {
  const queued = await db
    .selectFrom('work_queue as q')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => queueWhere(eb as QEb, tenantId, filter))
    .executeTakeFirstOrThrow();
  const expired = await db
    .selectFrom('concerns as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => expiredWhere(eb as CEb, now, filter))
    .executeTakeFirstOrThrow();
  return Number(queued.n) + Number(expired.n);
}

export async function listHeldBy(db: Queryable, userId: string): Promise<Concern[]> {
  const rows = await selectConcerns(db)
    .where('c.claimed_by', '=', userId)
    .where('c.status', 'in', ['in_bearbeitung', 'wartet'])
    .orderBy(sql`c.class_rank, c.earliest_due_at asc nulls last, c.received_at`)
    .execute();
  return rows.map(toConcern);
}
