import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { arrayElement, boolArray } from '../db/array-literal.js';
import type { Queryable, Tx } from '../db/database.js';
import type { ConcernsTable } from '../db/schema.js';
import type { Channel, SenderKind } from '../shared/channels.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';
import type { TriageReason } from '../triage/triage.js';

export type ConcernStatus = ConcernsTable['status'];

export interface StoredDeadline {
  kind: string;
  label: string;
  legalBasis: string;
  startedBy: string;
  length: string;
  dueAt: string;
  dueDate: string;
  interimNoticeBy: string | null;
  consequence: string;
}

export interface Concern {
  id: string;
  tenantId: string;
  reference: string;
  channel: Channel;
  sender: {
    kind: SenderKind;
    name: string | null;
    email: string | null;
    phone: string | null;
    kvnr: string | null;
    ik: string | null;
    betriebsnummer: string | null;
  };
  subject: string;
  text: string;
  receivedAt: Date;
  receivedAtSource: 'system' | 'backdated';
  receivedAtNote: string | null;
  recordedAt: Date;
  status: ConcernStatus;
  topic: TopicSlug;
  priorityClass: PriorityClass;
  confidence: number;
  reasons: TriageReason[];
  triageVersion: string;
  triageOverridden: boolean;
  language: string;
  deadlines: StoredDeadline[];
  earliestDueAt: Date | null;
  teamId: string | null;
  claimedBy: string | null;
  claimedByName: string | null;
  leaseExpiresAt: Date | null;
  forwardedTo: string | null;
  requestHash: string | null;
  completedAt: Date | null;
  earliestDueKind: string | null;
  interimNoticeDueAt: Date | null;
  interimNoticeSentAt: Date | null;
}

export type ConcernRow = Selectable<ConcernsTable> & { claimed_by_name: string | null };

export function toConcern(r: ConcernRow): Concern {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    reference: r.reference,
    channel: r.channel as Channel,
    sender: {
      kind: r.sender_kind as SenderKind,
      name: r.sender_name,
      email: r.contact_email,
      phone: r.contact_phone,
      kvnr: r.kvnr,
      ik: r.ik,
      betriebsnummer: r.betriebsnummer,
    },
    subject: r.subject,
    text: r.body,
    receivedAt: r.received_at,
    receivedAtSource: r.received_at_source,
    receivedAtNote: r.received_at_note,
    recordedAt: r.recorded_at,
    status: r.status,
    topic: r.topic as TopicSlug,
    priorityClass: r.priority_class,
    confidence: r.triage_confidence,
    reasons: r.triage_reasons as TriageReason[],
    triageVersion: r.triage_version,
    triageOverridden: r.triage_overridden,
    language: r.language,
    deadlines: r.deadlines as StoredDeadline[],
    earliestDueAt: r.earliest_due_at,
    teamId: r.team_id,
    claimedBy: r.claimed_by,
    claimedByName: r.claimed_by_name,
    leaseExpiresAt: r.lease_expires_at,
    forwardedTo: r.forwarded_to,
    requestHash: r.request_hash,
    completedAt: r.completed_at,
    earliestDueKind: r.earliest_due_kind,
    interimNoticeDueAt: r.interim_notice_due_at,
    interimNoticeSentAt: r.interim_notice_sent_at,
  };
}

export function selectConcerns(db: Queryable) {
  return db
    .selectFrom('concerns as c')
    .leftJoin('users as u', 'u.id', 'c.claimed_by')
    .selectAll('c')
    .select('u.display_name as claimed_by_name');
}

export async function findByReference(db: Queryable, reference: string): Promise<Concern | undefined> {
  const row = await selectConcerns(db).where('c.reference', '=', reference).executeTakeFirst();
  return row ? toConcern(row) : undefined;
}

export async function findById(db: Queryable, id: string): Promise<Concern | undefined> {
  const row = await selectConcerns(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toConcern(row) : undefined;
}

export async function findByIdempotencyKey(db: Queryable, key: string): Promise<Concern | undefined> {
  const row = await selectConcerns(db).where('c.idempotency_key', '=', key).executeTakeFirst();
  return row ? toConcern(row) : undefined;
}

export async function lockByReference(trx: Tx, reference: string): Promise<Concern | undefined> {
  const row = await selectConcerns(trx)
    .where('c.reference', '=', reference)
    .forUpdate('c')
    .executeTakeFirst();
  return row ? toConcern(row) : undefined;
}

export interface NewConcern {
  tenantId: string;
  reference: string;
  channel: Channel;
  sender: Concern['sender'];
  subject: string;
  text: string;
  receivedAt: Date;
  receivedAtSource: 'system' | 'backdated';
  receivedAtNote: string | null;
  recordedBy: string | null;
  topic: TopicSlug;
  priorityClass: PriorityClass;
  classRank: number;
  confidence: number;
  reasons: TriageReason[];
  triageVersion: string;
  language: string;
  deadlines: StoredDeadline[];
  earliestDueAt: Date | null;
  earliestDueKind: string | null;
  dispatchScore: number;
  teamId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
}

function toRow(c: NewConcern) {
  return {
    tenant_id: c.tenantId,
    reference: c.reference,
    channel: c.channel,
    sender_kind: c.sender.kind,
    sender_name: c.sender.name,
    contact_email: c.sender.email,
    contact_phone: c.sender.phone,
    kvnr: c.sender.kvnr,
    ik: c.sender.ik,
    betriebsnummer: c.sender.betriebsnummer,
    subject: c.subject,
    body: c.text,
    received_at: c.receivedAt,
    received_at_source: c.receivedAtSource,
    received_at_note: c.receivedAtNote,
    recorded_by: c.recordedBy,
    status: 'neu' as const,
    topic: c.topic,
    priority_class: c.priorityClass,
    class_rank: c.classRank,
    triage_confidence: c.confidence,
    triage_reasons: JSON.stringify(c.reasons),
    triage_version: c.triageVersion,
    language: c.language,
    deadlines: JSON.stringify(c.deadlines),
    earliest_due_at: c.earliestDueAt,
    earliest_due_kind: c.earliestDueKind,
    team_id: c.teamId,
    idempotency_key: c.idempotencyKey,
    request_hash: c.requestHash,
  };
}

/**
 * Inserts one concern. Returns its id, or undefined when the idempotency key is already taken (the
 * caller then loads the concern that holds it).
 */
export async function insertConcern(trx: Tx, c: NewConcern): Promise<string | undefined> {
  const row = await trx
    .insertInto('concerns')
    .values(toRow(c))
    .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) await enqueue(trx, [{ id: row.id, concern: c }]);
  return row?.id;
}

/** Puts new concerns into the work queue with their dispatch score. */
async function enqueue(trx: Tx, list: { id: string; concern: NewConcern }[]): Promise<void> {
  if (list.length === 0) return;
  await trx
    .insertInto('work_queue')
    .values(
      list.map(({ id, concern: c }) => ({
        concern_id: id,
        tenant_id: c.tenantId,
        score: c.dispatchScore,
        team_id: c.teamId,
        priority_class: c.priorityClass,
        topic: c.topic,
      })),
    )
    .execute();
}

/** Takes concerns out of the work queue (e.g. items a bulk load records as already done). */
export async function dequeue(trx: Tx, ids: string[]): Promise<void> {
  if (ids.length) await trx.deleteFrom('work_queue').where('concern_id', 'in', ids).execute();
}

/**
 * The columns a bulk insert takes from each concern, with their types; `reference` and `team_id` come
 * separately (an import draws new references on a collision, and assigns teams in the database thread).
 */
const BULK_COLUMNS = [
  ['id', 'uuid'],
  ['tenant_id', 'uuid'],
  ['channel', 'text'],
  ['sender_kind', 'text'],
  ['sender_name', 'text'],
  ['contact_email', 'text'],
  ['contact_phone', 'text'],
  ['kvnr', 'text'],
  ['ik', 'text'],
  ['betriebsnummer', 'text'],
  ['subject', 'text'],
  ['body', 'text'],
  ['received_at', 'timestamptz'],
  ['received_at_source', 'text'],
  ['received_at_note', 'text'],
  ['recorded_by', 'uuid'],
  ['topic', 'text'],
  ['priority_class', 'text'],
  ['class_rank', 'smallint'],
  ['triage_confidence', 'real'],
  ['triage_reasons', 'jsonb'],
  ['triage_version', 'text'],
  ['language', 'text'],
  ['deadlines', 'jsonb'],
  ['earliest_due_at', 'timestamptz'],
  ['earliest_due_kind', 'text'],
  ['idempotency_key', 'text'],
  ['request_hash', 'text'],
] as const;

/**
 * Concerns encoded for a bulk insert: per column (BULK_COLUMNS, then the dispatch score), the array
 * elements of all rows joined by commas, without the braces. Columns of several parts join with a comma
 * (joinColumns), so worker threads can encode their share and the database thread only concatenates.
 */
export interface EncodedConcerns {
  ids: string[];
  columns: string[];
}

/** Encodes concerns for insertEncodedConcerns; pure, so it can run in a worker thread. */
export function encodeConcerns(list: readonly NewConcern[]): EncodedConcerns {
  const cells: string[][] = Array.from({ length: BULK_COLUMNS.length + 1 }, () => []);
  const ids = list.map((c) => {
    const id = randomUUID();
    const s = c.sender;
    const row = [
      id,
      c.tenantId,
      c.channel,
      s.kind,
      s.name,
      s.email,
      s.phone,
      s.kvnr,
      s.ik,
      s.betriebsnummer,
      c.subject,
      c.text,
      c.receivedAt,
      c.receivedAtSource,
      c.receivedAtNote,
      c.recordedBy,
      c.topic,
      c.priorityClass,
      c.classRank,
      c.confidence,
      JSON.stringify(c.reasons),
      c.triageVersion,
      c.language,
      JSON.stringify(c.deadlines),
      c.earliestDueAt,
      c.earliestDueKind,
      c.idempotencyKey,
      c.requestHash,
      c.dispatchScore,
    ];
    row.forEach((value, k) => cells[k]!.push(arrayElement(value)));
    return id;
  });
  return { ids, columns: cells.map((column) => column.join(',')) };
}

/** The columns of several encoded parts, in order, as one (parts without rows add nothing). */
export function joinColumns(parts: readonly (readonly string[])[]): string[] {
  const width = parts[0]?.length ?? 0;
  return Array.from({ length: width }, (_, k) =>
    parts
      .map((p) => p[k]!)
      .filter((c) => c !== '')
      .join(','),
  );
}

/**
 * Bulk insert of encoded concerns with their references and teams (by position). One statement writes
 * the concerns and their queue rows, with one array parameter per column: a batch of a thousand rows
 * costs one parse and plan instead of one for 30,000 placeholders. With `keep`, only the rows marked true
 * are written (an import leaves out rows it already holds).
 */
export async function insertEncodedConcerns(
  trx: Tx,
  columns: EncodedConcerns['columns'],
  references: readonly string[],
  teamIds: readonly (string | null)[],
  keep?: readonly boolean[],
): Promise<void> {
  if (references.length === 0) return;
  const names = BULK_COLUMNS.map(([name]) => name).join(', ');
  const params = BULK_COLUMNS.map(([, type], k) => sql`${`{${columns[k]!}}`}::${sql.raw(type)}[]`);
  const mask = keep ? boolArray(keep) : null;
  await sql`
    with c as (
      insert into concerns (${sql.raw(names)}, reference, team_id)
      select ${sql.raw(names)}, reference, team_id
      from unnest(${sql.join(params)}, ${references}::text[], ${teamIds}::uuid[], ${mask}::bool[])
        as u(${sql.raw(names)}, reference, team_id, keep)
      where keep is not false
      returning id, tenant_id, team_id, priority_class, topic
    )
    insert into work_queue (concern_id, tenant_id, score, team_id, priority_class, topic)
    select c.id, c.tenant_id, s.score, c.team_id, c.priority_class, c.topic
    from c join unnest(${`{${columns[0]!}}`}::uuid[], ${`{${columns[BULK_COLUMNS.length]!}}`}::float8[])
      as s(id, score) using (id)`.execute(trx);
}

/** Bulk insert for seeding; returns ids in input order. */
export async function insertConcerns(trx: Tx, list: NewConcern[]): Promise<string[]> {
  const encoded = encodeConcerns(list);
  await insertEncodedConcerns(
    trx,
    encoded.columns,
    list.map((c) => c.reference),
    list.map((c) => c.teamId),
  );
  return encoded.ids;
}

export interface ConcernPatch {
  status?: ConcernStatus;
  topic?: TopicSlug;
  priorityClass?: PriorityClass;
  classRank?: number;
  reasons?: TriageReason[];
  triageOverridden?: boolean;
  deadlines?: StoredDeadline[];
  earliestDueAt?: Date | null;
  earliestDueKind?: string | null;
  dispatchScore?: number;
  interimNoticeDueAt?: Date | null;
  interimNoticeSentAt?: Date | null;
  teamId?: string | null;
  claimedBy?: string | null;
  leaseExpiresAt?: Date | null;
  forwardedTo?: string | null;
  receivedAt?: Date;
  receivedAtSource?: 'system' | 'backdated';
  receivedAtNote?: string | null;
  completedAt?: Date | null;
}

export async function updateConcern(trx: Tx, id: string, p: ConcernPatch): Promise<void> {
  const { dispatchScore } = p;
  await trx
    .updateTable('concerns')
    .set({
      ...(p.status !== undefined && { status: p.status }),
      ...(p.topic !== undefined && { topic: p.topic }),
      ...(p.priorityClass !== undefined && { priority_class: p.priorityClass }),
      ...(p.classRank !== undefined && { class_rank: p.classRank }),
      ...(p.reasons !== undefined && { triage_reasons: JSON.stringify(p.reasons) }),
      ...(p.triageOverridden !== undefined && { triage_overridden: p.triageOverridden }),
      ...(p.deadlines !== undefined && { deadlines: JSON.stringify(p.deadlines) }),
      ...(p.earliestDueAt !== undefined && { earliest_due_at: p.earliestDueAt }),
      ...(p.earliestDueKind !== undefined && { earliest_due_kind: p.earliestDueKind }),
      ...(p.interimNoticeDueAt !== undefined && { interim_notice_due_at: p.interimNoticeDueAt }),
      ...(p.interimNoticeSentAt !== undefined && { interim_notice_sent_at: p.interimNoticeSentAt }),
      ...(p.teamId !== undefined && { team_id: p.teamId }),
      ...(p.claimedBy !== undefined && { claimed_by: p.claimedBy }),
      ...(p.leaseExpiresAt !== undefined && { lease_expires_at: p.leaseExpiresAt }),
      ...(p.forwardedTo !== undefined && { forwarded_to: p.forwardedTo }),
      ...(p.receivedAt !== undefined && { received_at: p.receivedAt }),
      ...(p.receivedAtSource !== undefined && { received_at_source: p.receivedAtSource }),
      ...(p.receivedAtNote !== undefined && { received_at_note: p.receivedAtNote }),
      ...(p.completedAt !== undefined && { completed_at: p.completedAt }),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  if (
    p.status !== undefined ||
    dispatchScore !== undefined ||
    p.topic ||
    p.priorityClass ||
    p.teamId !== undefined
  ) {
    await syncQueue(trx, id, dispatchScore);
  }
}

/**
 * Keeps the work queue in step with a concern: present with its score while the status is `neu`, absent
 * otherwise. A score of undefined keeps the stored one.
 */
async function syncQueue(trx: Tx, id: string, score: number | undefined): Promise<void> {
  await sql`delete from work_queue where concern_id = ${id}
              and not exists (select 1 from concerns where id = ${id} and status = 'neu')`.execute(trx);
  await sql`
    insert into work_queue (concern_id, tenant_id, score, team_id, priority_class, topic)
    select id, tenant_id, ${score ?? 0}, team_id, priority_class, topic from concerns where id = ${id} and status = 'neu'
    on conflict (concern_id) do update set
      team_id = excluded.team_id, priority_class = excluded.priority_class, topic = excluded.topic,
      score = ${score === undefined ? sql`work_queue.score` : sql`excluded.score`}`.execute(trx);
}

/** The team whose skills include the topic, if any; ties go to the team created first. */
export async function teamForTopic(db: Queryable, topic: TopicSlug): Promise<string | null> {
  const row = await db
    .selectFrom('teams')
    .select('id')
    .where(sql<boolean>`${topic} = any(skills)`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function countConcerns(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('concerns')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
