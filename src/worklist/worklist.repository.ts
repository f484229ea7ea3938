/**
 * The work queue. Order: class, then the earliest legal deadline (least slack first), then age. A claim
 * takes the first row nobody holds, with FOR UPDATE SKIP LOCKED, so concurrent workers in any number of
 * processes never get the same item; a lease that runs out puts the item back in the queue.
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

type Eb = ExpressionBuilder<Database & { c: Database['concerns'] }, 'c'>;

function claimableWhere(eb: Eb, now: Date, filter: QueueFilter) {
  const conditions = [
    eb('c.status', 'in', ['neu', 'in_bearbeitung']),
    eb.or([eb('c.status', '=', 'neu'), eb('c.lease_expires_at', '<', now)]),
  ];
  if (filter.teamId) conditions.push(eb.or([eb('c.team_id', '=', filter.teamId), eb('c.team_id', 'is', null)]));
  if (filter.priorityClass) conditions.push(eb('c.priority_class', '=', filter.priorityClass));
  if (filter.topic) conditions.push(eb('c.topic', '=', filter.topic));
  return eb.and(conditions);
}

const WORK_ORDER = sql`c.class_rank, c.earliest_due_at asc nulls last, c.received_at, c.id`;

export async function claimNextRow(
  trx: Tx,
  userId: string,
  now: Date,
  leaseUntil: Date,
  filter: QueueFilter,
): Promise<string | undefined> {
  const next = await trx
    .selectFrom('concerns as c')
    .select('c.id')
    .where((eb) => claimableWhere(eb as Eb, now, filter))
    .orderBy(WORK_ORDER)
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!next) return undefined;
  await trx
    .updateTable('concerns')
    .set({ status: 'in_bearbeitung', claimed_by: userId, lease_expires_at: leaseUntil, updated_at: now })
    .where('id', '=', next.id)
    .execute();
  return next.id;
}

export async function listQueue(db: Queryable, now: Date, filter: QueueFilter, limit: number): Promise<Concern[]> {
  const rows = await selectConcerns(db)
    .where((eb) => claimableWhere(eb as Eb, now, filter))
    .orderBy(WORK_ORDER)
    .limit(limit)
    .execute();
  return rows.map(toConcern);
}

export async function queueSize(db: Queryable, now: Date, filter: QueueFilter): Promise<number> {
  const row = await db
    .selectFrom('concerns as c')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => claimableWhere(eb as Eb, now, filter))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listHeldBy(db: Queryable, userId: string): Promise<Concern[]> {
  const rows = await selectConcerns(db)
    .where('c.claimed_by', '=', userId)
    .where('c.status', 'in', ['in_bearbeitung', 'wartet'])
    .orderBy(WORK_ORDER)
    .execute();
  return rows.map(toConcern);
}

export async function findById(db: Queryable, id: string): Promise<Concern | undefined> {
  const row = await selectConcerns(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toConcern(row) : undefined;
}
