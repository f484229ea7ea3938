/**
 * SQL for backlog imports: jobs and their committed progress, rejected rows, and import_items, whose key
 * (tenant_id, source, external_id) makes re-imports idempotent. The tables come with migration 002; their
 * row types live here so the import stays self-contained.
 */
import { sql, type ColumnType, type Generated, type Selectable } from 'kysely';
import { boolArray } from '../../db/array-literal.js';
import type { Queryable, Tx } from '../../db/database.js';
import type { CsvHeader, ImportFormat } from './parse.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

interface ImportsTable {
  id: Generated<string>;
  tenant_id: string;
  source: string;
  format: ImportFormat;
  file_name: string | null;
  file_sha256: string | null;
  status: Generated<ImportStatus>;
  total_rows: Generated<number>;
  accepted: Generated<number>;
  duplicates: Generated<number>;
  rejected: Generated<number>;
  last_row: Generated<number>;
  last_line: Generated<number>;
  last_byte: Generated<number>;
  bytes_total: number | null;
  csv_header: ColumnType<CsvHeader | null, string | null, string | null>;
  error: string | null;
  started_at: Generated<Date>;
  run_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  run_start_row: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
  created_by: string | null;
  created_by_label: string;
}

interface ImportRejectionsTable {
  import_id: string;
  tenant_id: string;
  row_number: number;
  line_number: number;
  external_id: string | null;
  reason: string;
  raw: string;
}

interface ImportItemsTable {
  tenant_id: string;
  source: string;
  external_id: string;
  content_hash: string;
  import_id: string;
  row_number: number;
  concern_id: string | null;
}

type ImportTables = {
  imports: ImportsTable;
  import_rejections: ImportRejectionsTable;
  import_items: ImportItemsTable;
};

const q = (db: Queryable) => db.withTables<ImportTables>();

export type ImportStatus = 'running' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  tenantId: string;
  source: string;
  format: ImportFormat;
  fileName: string | null;
  fileSha256: string | null;
  status: ImportStatus;
  totalRows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  lastRow: number;
  lastLine: number;
  lastByte: number;
  bytesTotal: number | null;
  csvHeader: CsvHeader | null;
  error: string | null;
  startedAt: Date;
  runStartedAt: Date;
  runStartRow: number;
  updatedAt: Date;
  finishedAt: Date | null;
  createdBy: string | null;
  createdByLabel: string;
}

type JobRow = Selectable<ImportsTable>;

function toJob(r: JobRow): ImportJob {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    source: r.source,
    format: r.format,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    status: r.status,
    totalRows: Number(r.total_rows),
    accepted: Number(r.accepted),
    duplicates: Number(r.duplicates),
    rejected: Number(r.rejected),
    lastRow: Number(r.last_row),
    lastLine: Number(r.last_line),
    lastByte: Number(r.last_byte),
    bytesTotal: r.bytes_total === null ? null : Number(r.bytes_total),
    csvHeader: r.csv_header,
    error: r.error,
    startedAt: r.started_at,
    runStartedAt: r.run_started_at,
    runStartRow: Number(r.run_start_row),
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    createdBy: r.created_by,
    createdByLabel: r.created_by_label,
  };
}

export interface NewImportJob {
  tenantId: string;
  source: string;
  format: ImportFormat;
  fileName: string | null;
  fileSha256: string | null;
  bytesTotal: number | null;
  createdBy: string | null;
  createdByLabel: string;
}

export async function insertJob(trx: Tx, j: NewImportJob): Promise<ImportJob> {
  const row = await q(trx)
    .insertInto('imports')
    .values({
      tenant_id: j.tenantId,
      source: j.source,
      format: j.format,
      file_name: j.fileName,
      file_sha256: j.fileSha256,
      bytes_total: j.bytesTotal,
      created_by: j.createdBy,
      created_by_label: j.createdByLabel,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toJob(row as JobRow);
}

export async function findJob(db: Queryable, id: string): Promise<ImportJob | undefined> {
  const row = await q(db).selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toJob(row as JobRow) : undefined;
}

/**
 * Serialises starts of the same file and source within the Kasse until the transaction ends (a
 * transaction-level advisory lock on a 64-bit hash of the three).
 */
export async function lockFileStart(
  trx: Tx,
  tenantId: string,
  sha256: string,
  source: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`import:${tenantId}:${sha256}:${source}`}, 0))`.execute(
    trx,
  );
}

/** A job locked for a run to start, with what tells whether another run is still alive on it. */
export interface LockedJob {
  job: ImportJob;
  /** Seconds since the job's last heartbeat (updated_at), by the database's clock. */
  idleSeconds: number;
  /** Whether a run has started on it (a job just created has not, until its creator starts it). */
  claimed: boolean;
}

export async function lockJobForRun(trx: Tx, id: string): Promise<LockedJob | undefined> {
  const row = await q(trx)
    .selectFrom('imports')
    .selectAll()
    .select([
      sql<number>`extract(epoch from now() - updated_at)::float8`.as('idle_seconds'),
      sql<boolean>`run_started_at <> started_at`.as('claimed'),
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const { idle_seconds, claimed, ...job } = row;
  return { job: toJob(job as JobRow), idleSeconds: Math.max(0, Number(idle_seconds)), claimed };
}

/**
 * The latest job for the same file and source in one of the given states: an unfinished one
 * (`running`, `failed`) is what a re-run continues, a `done` one tells the re-run it has nothing to do.
 * With `withRows`, a `failed` job counts only when it committed at least one row (one that failed before
 * its first row, e.g. on a bad header or the wrong format, is not worth continuing).
 */
export async function findLatestJob(
  db: Queryable,
  sha256: string,
  source: string,
  statuses: readonly ImportJob['status'][],
  opts: { withRows?: boolean } = {},
): Promise<ImportJob | undefined> {
  let query = q(db)
    .selectFrom('imports')
    .selectAll()
    .where('file_sha256', '=', sha256)
    .where('source', '=', source)
    .where('status', 'in', [...statuses]);
  if (opts.withRows)
    query = query.where((eb) => eb.or([eb('status', '<>', 'failed'), eb('total_rows', '>', 0)]));
  const row = await query.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  return row ? toJob(row as JobRow) : undefined;
}

export async function listJobs(db: Queryable, limit: number): Promise<ImportJob[]> {
  const rows = await q(db)
    .selectFrom('imports')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => toJob(r as JobRow));
}

/**
 * The run token of a job: its run_started_at to the microsecond. Each run stamps its own when it starts,
 * so the statements of a run that was taken over by another find the job no longer theirs.
 */
const runToken = sql<string>`extract(epoch from run_started_at)::text`;
const ofRun = (run: string) => sql<boolean>`extract(epoch from run_started_at) = ${run}::numeric`;

/**
 * Marks a job as running (a new or resumed run), so speed is measured from now, and returns the run's
 * token, which its later statements name.
 */
export async function markRunning(trx: Tx, id: string, fileSha256: string | null): Promise<string> {
  const row = await q(trx)
    .updateTable('imports')
    .set({
      status: 'running',
      error: null,
      finished_at: null,
      // clock_timestamp: distinct from started_at even for a run started in the job's own transaction
      run_started_at: sql<Date>`clock_timestamp()`,
      run_start_row: sql<number>`last_row`,
      updated_at: sql<Date>`now()`,
      ...(fileSha256 !== null && { file_sha256: fileSha256 }),
    })
    .where('id', '=', id)
    .returning(runToken.as('run'))
    .executeTakeFirstOrThrow();
  return row.run;
}

/** The run's sign of life. Returns false when the job is no longer this run's (taken over or finished). */
export async function heartbeat(trx: Tx, id: string, run: string): Promise<boolean> {
  const res = await q(trx)
    .updateTable('imports')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where(ofRun(run))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface BatchProgress {
  /** The run's token (markRunning): a run that was taken over writes no progress. */
  run: string;
  /** The last_row the batch started from: guards against two processes running one job. */
  fromRow: number;
  lastRow: number;
  lastLine: number;
  lastByte: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  csvHeader: CsvHeader | null;
}

/** Adds a committed batch to the job. Returns false when another run moved the job on meanwhile. */
export async function addProgress(trx: Tx, id: string, p: BatchProgress): Promise<boolean> {
  const rows = p.accepted + p.duplicates + p.rejected;
  const res = await q(trx)
    .updateTable('imports')
    .set({
      total_rows: sql<number>`total_rows + ${rows}`,
      accepted: sql<number>`accepted + ${p.accepted}`,
      duplicates: sql<number>`duplicates + ${p.duplicates}`,
      rejected: sql<number>`rejected + ${p.rejected}`,
      last_row: p.lastRow,
      last_line: p.lastLine,
      last_byte: p.lastByte,
      updated_at: sql<Date>`now()`,
      ...(p.csvHeader && { csv_header: JSON.stringify(p.csvHeader) }),
    })
    .where('id', '=', id)
    .where('last_row', '=', p.fromRow)
    .where('status', '=', 'running')
    .where(ofRun(p.run))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Ends a run. With `run`, only while the job is still that run's: returns false when another run has
 * taken it over meanwhile (and leaves it alone).
 */
export async function finishJob(
  trx: Tx,
  id: string,
  status: 'done' | 'failed',
  extra: { error?: string | null; bytesTotal?: number | null; run?: string } = {},
): Promise<boolean> {
  let query = q(trx)
    .updateTable('imports')
    .set({
      status,
      error: extra.error ?? null,
      finished_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      ...(typeof extra.bytesTotal === 'number' && { bytes_total: extra.bytesTotal }),
    })
    .where('id', '=', id);
  if (extra.run !== undefined) query = query.where(ofRun(extra.run));
  const res = await query.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface ImportItem {
  externalId: string;
  contentHash: string;
  row: number;
  concernId: string;
}

/** Records the keys of newly imported rows; fails on a key that exists (the caller retries the batch). */
export async function insertItems(
  trx: Tx,
  tenantId: string,
  source: string,
  importId: string,
  items: ImportItem[],
): Promise<void> {
  if (items.length === 0) return;
  await sql`
    insert into import_items (tenant_id, source, external_id, content_hash, import_id, row_number, concern_id)
    select ${tenantId}::uuid, ${source}, u.external_id, u.content_hash, ${importId}::uuid, u.row_number, u.concern_id
    from unnest(
      ${items.map((i) => i.externalId)}::text[],
      ${items.map((i) => i.contentHash)}::text[],
      ${items.map((i) => i.row)}::integer[],
      ${items.map((i) => i.concernId)}::uuid[]
    ) as u(external_id, content_hash, row_number, concern_id)`.execute(trx);
}

/**
 * The `concern.imported` audit events of a batch, from encoded array elements (ids, `after` documents and
 * reasons, by position), appended in that order.
 */
export async function recordImportEvents(
  trx: Tx,
  tenantId: string,
  actor: { userId: string | null; label: string },
  /**
   * One event per imported concern, as array elements joined by commas (see encodeRows): the concern
   * ids, `after` without the reference, and the reasons; the references by position. With `keep`, only
   * the rows marked true get an event.
   */
  events: {
    concernIds: string;
    after: string;
    reasons: string;
    references: readonly string[];
    keep?: readonly boolean[];
  },
): Promise<void> {
  if (events.references.length === 0) return;
  const mask = events.keep ? boolArray(events.keep) : null;
  await sql`
    insert into audit_events (tenant_id, actor_id, actor_label, action, subject_type, subject_id, after, reason)
    select ${tenantId}::uuid, ${actor.userId}::uuid, ${actor.label}, 'concern.imported', 'concern', e.id,
      e.after || jsonb_build_object('reference', e.reference), e.reason
    from unnest(${`{${events.concernIds}}`}::uuid[], ${`{${events.after}}`}::jsonb[],
      ${`{${events.reasons}}`}::text[], ${events.references}::text[], ${mask}::bool[])
      with ordinality as e(id, after, reason, reference, keep, n)
    where e.keep is not false
    order by e.n`.execute(trx);
}

/** Content hashes of keys already imported from a source. */
export async function existingHashes(
  db: Queryable,
  tenantId: string,
  source: string,
  externalIds: string[],
): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await q(db)
    .selectFrom('import_items')
    .select(['external_id', 'content_hash'])
    .where('tenant_id', '=', tenantId)
    .where('source', '=', source)
    .where('external_id', '=', sql<string>`any(${externalIds}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.external_id, r.content_hash]));
}

export interface Rejection {
  row: number;
  line: number;
  externalId: string | null;
  reason: string;
  raw: string;
}

export async function insertRejections(
  trx: Tx,
  tenantId: string,
  importId: string,
  list: Rejection[],
): Promise<void> {
  if (list.length === 0) return;
  await q(trx)
    .insertInto('import_rejections')
    .values(
      list.map((r) => ({
        import_id: importId,
        tenant_id: tenantId,
        row_number: r.row,
        line_number: r.line,
        external_id: r.externalId,
        reason: r.reason,
        raw: r.raw,
      })),
    )
    .execute();
}

/** Rejections of a job in file order, a page at a time (after the given row number). */
export async function listRejections(
  db: Queryable,
  importId: string,
  opts: { limit: number; afterRow?: number },
): Promise<Rejection[]> {
  const rows = await q(db)
    .selectFrom('import_rejections')
    .select(['row_number', 'line_number', 'external_id', 'reason', 'raw'])
    .where('import_id', '=', importId)
    .where('row_number', '>', opts.afterRow ?? 0)
    .orderBy('row_number')
    .limit(opts.limit)
    .execute();
  return rows.map((r) => ({
    row: r.row_number,
    line: r.line_number,
    externalId: r.external_id,
    reason: r.reason,
    raw: r.raw,
  }));
}

/** Teams with their skills, in the order intake routes by (first created wins). */
export async function teamSkills(db: Queryable): Promise<{ id: string; skills: string[] }[]> {
  return db.selectFrom('teams').select(['id', 'skills']).orderBy('created_at').orderBy('id').execute();
}
