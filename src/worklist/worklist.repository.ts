/**
 * The work queue, in the order of the stored dispatch score (src/worklist/dispatch.service.ts): P1 first,
 * then due interim notices, then the aging ATC index; ties by id.
 *
 * Two kinds of items are claimable: new ones (status `neu`, in the work-order index) and claimed ones
 * whose lease ran out. Each is read from its own index in work order and the two short lists are merged,
 * so neither a claim nor the list ever sorts or scans the whole backlog. A claim locks its row with
 * FOR UPDATE SKIP LOCKED, so concurrent workers in any number of processes never get the same item.
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
type Kind = 'new' | 'expired';

function where(eb: Eb, kind: Kind, now: Date, filter: QueueFilter) {
  const conditions =
    kind === 'new'
      ? [eb('c.status', '=', 'neu')]
      : [eb('c.status', '=', 'in_bearbeitung'), eb('c.lease_expires_at', '<', now)];
  if (filter.teamId)
    conditions.push(eb.or([eb('c.team_id', '=', filter.teamId), eb('c.team_id', 'is', null)]));
  if (filter.priorityClass) conditions.push(eb('c.priority_class', '=', filter.priorityClass));
  if (filter.topic) conditions.push(eb('c.topic', '=', filter.topic));
  return eb.and(conditions);
}

const WORK_ORDER = sql`c.dispatch_score desc, c.id`;

interface OrderKey {
  id: string;
  dispatch_score: number;
}

/** The same order as WORK_ORDER, for merging the two lists in memory. */
export function compareWorkOrder(a: OrderKey, b: OrderKey): number {
  if (a.dispatch_score !== b.dispatch_score) return b.dispatch_score - a.dispatch_score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function firstClaimable(trx: Tx, kind: Kind, now: Date, filter: QueueFilter) {
  return trx
    .selectFrom('concerns as c')
    .select(['c.id', 'c.dispatch_score'])
    .where((eb) => where(eb as Eb, kind, now, filter))
    .orderBy(WORK_ORDER)
    .limit(1)
    .forUpdate()
    .skipLocked();
}

/**
 * Claims the first claimable item in one statement: lock the first new item and the first item with an
 * expired lease (each skipping rows others hold), keep the earlier one in work order, take it.
 */
export async function claimNextRow(
  trx: Tx,
  user: { id: string; displayName: string },
  now: Date,
  leaseUntil: Date,
  filter: QueueFilter,
): Promise<Concern | undefined> {
  const row = await trx
    .with('fresh', () => firstClaimable(trx, 'new', now, filter))
    .with('expired', () => firstClaimable(trx, 'expired', now, filter))
    .with('pick', (qc) =>
      qc
        .selectFrom((qb) =>
          qb.selectFrom('fresh').selectAll().unionAll(qb.selectFrom('expired').selectAll()).as('x'),
        )
        .select('x.id')
        .orderBy(sql`x.dispatch_score desc, x.id`)
        .limit(1),
    )
    .updateTable('concerns')
    .from('pick')
    .set({ status: 'in_bearbeitung', claimed_by: user.id, lease_expires_at: leaseUntil, updated_at: now })
    .whereRef('concerns.id', '=', 'pick.id')
    .returningAll('concerns')
    .executeTakeFirst();
  return row ? toConcern({ ...row, claimed_by_name: user.displayName }) : undefined;
}

export async function listQueue(
  db: Queryable,
  now: Date,
  filter: QueueFilter,
  limit: number,
): Promise<Concern[]> {
  const read = (kind: Kind) =>
    selectConcerns(db)
      .where((eb) => where(eb as Eb, kind, now, filter))
      .orderBy(WORK_ORDER)
      .limit(limit)
      .execute();
  const [fresh, expired] = await Promise.all([read('new'), read('expired')]);
  return [...fresh, ...expired].sort(compareWorkOrder).slice(0, limit).map(toConcern);
}

export async function queueSize(db: Queryable, now: Date, filter: QueueFilter): Promise<number> {
  const count = async (kind: Kind) => {
    const row = await db
      .selectFrom('concerns as c')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => where(eb as Eb, kind, now, filter))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const [a, b] = await Promise.all([count('new'), count('expired')]);
  return a + b;
}

export async function listHeldBy(db: Queryable, userId: string): Promise<Concern[]> {
  const rows = await selectConcerns(db)
    .where('c.claimed_by', '=', userId)
    .where('c.status', 'in', ['in_bearbeitung', 'wartet'])
    .orderBy(WORK_ORDER)
    .execute();
  return rows.map(toConcern);
}
