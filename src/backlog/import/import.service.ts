/**
 * Bulk import of a legacy backlog. Rows are read as a stream, prepared (checked, triaged, timed from their
 * original receipt) and committed in batches: the concerns, their audit events, the rejected rows and the
 * job's progress (counts and byte offset) go into one transaction per batch. A crash loses at most the
 * batch in flight, and a resumed run starts after the last committed row.
 *
 * Every row ends up exactly once as accepted, duplicate or rejected, so for a job at any committed state
 * `accepted + duplicates + rejected = totalRows` (a CHECK constraint holds the database to it).
 *
 * Idempotency key: (tenant_id, source, external_id) in import_items. A row whose key exists already counts
 * as a duplicate when its content is the same, and is rejected (never silently dropped) when it differs.
 */
import type { Actor } from '../../audit/audit.repository.js';
import { insertEncodedConcerns } from '../../concerns/concerns.repository.js';
import { isUniqueViolation } from '../../concerns/concerns.service.js';
import { generateReference } from '../../concerns/reference.js';
import { withTenant, type Db, type Tx } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Tenant } from '../../tenants/tenants.repository.js';
import type { Triage } from '../../triage/triage.js';
import { currentPBarHours } from '../../worklist/dispatch.service.js';
import {
  addProgress,
  existingHashes,
  finishJob,
  findJob,
  findLatestJob,
  heartbeat,
  insertJob,
  insertItems,
  insertRejections,
  listRejections,
  lockFileStart,
  lockJobForRun,
  markRunning,
  recordImportEvents,
  teamSkills,
  type ImportJob,
  type NewImportJob,
  type Rejection,
} from './import.repository.js';
import { ImportFileError, readRecords, type CsvHeader, type ImportFormat, type RawRecord } from './parse.js';
import { encodeRows, prepareRows, type EncodedBatch } from './rows.js';

export const DEFAULT_SOURCE = 'altbestand';
export const DEFAULT_BATCH_SIZE = 1000;
/**
 * A running job whose run showed no sign of life (a committed batch or a heartbeat, both stamp
 * updated_at) for this long is taken for dead (killed, crashed, machine gone) and may be taken over by a
 * new run. Until then a second run on the job is refused. A live run beats every HEARTBEAT_INTERVAL_MS,
 * whatever its batches do, so it misses several beats before it counts as dead.
 */
export const STALE_AFTER_SECONDS = 60;
export const HEARTBEAT_INTERVAL_MS = 10_000;

/** `message` of the AppError (CONFLICT) when another live run is working on the job. */
export const IMPORT_BUSY = 'import busy';
/** `message` of the AppError (CONFLICT) when another run took the job over while this one ran. */
export const IMPORT_TAKEN_OVER = 'import taken over';

export const isImportBusy = (err: unknown): err is AppError =>
  err instanceof AppError && err.message === IMPORT_BUSY;
export const isImportTakenOver = (err: unknown): err is AppError =>
  err instanceof AppError && err.message === IMPORT_TAKEN_OVER;

const seconds = (s: number) => `${Math.round(s).toLocaleString('de-DE')} s`;

export function importBusyError(jobId: string, idleSeconds: number): AppError {
  return new AppError('CONFLICT', {
    message: IMPORT_BUSY,
    userMessage:
      `Import ${jobId} läuft gerade in einem anderen Prozess (letztes Lebenszeichen vor ${seconds(idleSeconds)}); ` +
      `dieser Start wird abgebrochen, der laufende Import arbeitet weiter. Erst nach ${STALE_AFTER_SECONDS} s ` +
      'ohne Lebenszeichen gilt er als abgebrochen und kann übernommen werden.',
  });
}

function takenOverError(jobId: string): AppError {
  return new AppError('CONFLICT', {
    message: IMPORT_TAKEN_OVER,
    userMessage:
      `Import ${jobId} wurde inzwischen von einem anderen Prozess übernommen (dieser Lauf hatte zu lange ` +
      'kein Lebenszeichen gegeben); dieser Lauf endet hier. Bereits gespeicherte Blöcke bleiben erhalten.',
  });
}
const SOURCE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._:/-]{0,99}$/u;

export function checkSource(source: string): string | null {
  return SOURCE_PATTERN.test(source)
    ? null
    : 'Der Quellname hat 1 bis 100 Zeichen (Buchstaben, Ziffern, Leerzeichen, . _ : / -).';
}

export interface ImportProgress {
  totalRows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Committed byte offset. */
  bytesRead: number;
  bytesTotal: number | null;
  /** Rows committed by this run (a resumed run starts at 0). */
  rowsThisRun: number;
  bytesThisRun: number;
  elapsedMs: number;
}

/** Prepares records off the database path; the default runs in this thread, a pool may run in workers. */
export type Preparer = (
  records: RawRecord[],
  ctx: { tenant: Tenant; source: string; importId: string; actor: Actor; now: Date; pBarHours: number },
) => EncodedBatch | Promise<EncodedBatch>;

export interface ImportRunOptions {
  triage: Triage;
  batchSize?: number;
  now?: () => Date;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Runs inside each batch's transaction just before it commits; a throw rolls the batch back. */
  beforeCommit?: (batch: { number: number; lastRow: number }) => void | Promise<void>;
  prepare?: Preparer;
  /**
   * Batches written at the same time (PostgreSQL only; PGlite has one connection). Default 1.
   */
  concurrency?: number;
  /** Stored as the job's error when the signal stops it. */
  interruptedMessage?: string;
  /** How often the run stamps its sign of life on the job (default HEARTBEAT_INTERVAL_MS). */
  heartbeatIntervalMs?: number;
}

export interface ImportOutcome {
  job: ImportJob;
  interrupted: boolean;
}

export function jobActor(job: Pick<ImportJob, 'id' | 'createdBy' | 'source'>): Actor {
  return { userId: job.createdBy, label: `Import ${job.id} (Quelle ${job.source})` };
}

export async function createImportJob(
  db: Db,
  tenant: Tenant,
  input: Omit<NewImportJob, 'tenantId'>,
): Promise<ImportJob> {
  return withTenant(db, tenant.id, (trx) => insertJob(trx, { ...input, tenantId: tenant.id }));
}

/** What starting the import of a file again does, as the command line decides it. */
export type RerunPlan =
  /** Continue this unfinished job (taking it over when its run is dead). */
  | { kind: 'resume'; job: ImportJob; takeOver: boolean; idleSeconds: number }
  /** Another run is alive on the job: refuse to start. */
  | { kind: 'busy'; job: ImportJob; idleSeconds: number }
  /**
   * A new job was created; `notResumed` is an unfinished job left aside because another format was asked
   * for, `done` an earlier complete import of the file (its rows will count as duplicates).
   */
  | { kind: 'new'; job: ImportJob; notResumed?: ImportJob; done?: ImportJob };

/**
 * Finds what a new start of the same file (sha256) and source continues. Only an unfinished job that
 * committed at least one row, or is still running, is continued: one that failed before its first row
 * (a bad header, an empty file, the wrong format) has nothing worth continuing, and its stored format may
 * be the cause, so the file starts afresh. An explicit format other than the job's also starts afresh.
 * A new job is created in the same transaction, under a lock on the file and source: of two starts of the
 * same new file at the same moment, the second waits, then finds the first one's job running and is refused.
 */
export async function planRerun(
  db: Db,
  tenant: Tenant,
  file: { sha256: string; source: string; format: ImportFormat; formatGiven: boolean },
  newJob: Omit<NewImportJob, 'tenantId' | 'source' | 'format' | 'fileSha256'>,
): Promise<RerunPlan> {
  return withTenant(db, tenant.id, async (trx) => {
    await lockFileStart(trx, tenant.id, file.sha256, file.source);
    const create = () =>
      insertJob(trx, {
        ...newJob,
        tenantId: tenant.id,
        source: file.source,
        format: file.format,
        fileSha256: file.sha256,
      });
    const latest = await findLatestJob(trx, file.sha256, file.source, ['running', 'failed'], {
      withRows: true,
    });
    const locked = latest && (await lockJobForRun(trx, latest.id));
    if (locked && locked.job.status !== 'done') {
      const { job, idleSeconds } = locked;
      const running = job.status === 'running';
      if (running && idleSeconds < STALE_AFTER_SECONDS) return { kind: 'busy', job, idleSeconds };
      if (!file.formatGiven || file.format === job.format) {
        return { kind: 'resume', job, takeOver: running, idleSeconds };
      }
      if (running) {
        await finishJob(trx, job.id, 'failed', {
          error: `Ohne Lebenszeichen abgebrochen; neu gestartet im Format ${file.format}.`,
        });
      }
      const done = await findLatestJob(trx, file.sha256, file.source, ['done']);
      return { kind: 'new', job: await create(), notResumed: job, ...(done && { done }) };
    }
    const done = await findLatestJob(trx, file.sha256, file.source, ['done']);
    return { kind: 'new', job: await create(), ...(done && { done }) };
  });
}

export async function getImportJob(db: Db, tenant: Tenant, id: string): Promise<ImportJob> {
  const job = await withTenant(db, tenant.id, (trx) => findJob(trx, id));
  if (!job) throw new AppError('NOT_FOUND', { userMessage: 'Dieser Import wurde nicht gefunden.' });
  return job;
}

/** The files rows go through: parse → prepare (check, triage, clocks) → commit in batches. */
export async function runImport(
  db: Db,
  tenant: Tenant,
  jobId: string,
  open: (startOffset: number) => AsyncIterable<Buffer | string>,
  opts: ImportRunOptions,
): Promise<ImportOutcome> {
  const { job: start, run } = await withTenant(db, tenant.id, async (trx) => {
    const locked = await lockJobForRun(trx, jobId);
    if (!locked) throw new AppError('NOT_FOUND', { userMessage: 'Dieser Import wurde nicht gefunden.' });
    const { job, idleSeconds, claimed } = locked;
    if (job.status === 'done') {
      throw new AppError('CONFLICT', { userMessage: 'Dieser Import ist bereits abgeschlossen.' });
    }
    // Another run is on it and alive: refuse, and leave the job to it.
    if (job.status === 'running' && claimed && idleSeconds < STALE_AFTER_SECONDS) {
      throw importBusyError(job.id, idleSeconds);
    }
    return { job, run: await markRunning(trx, job.id, null) };
  });

  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const now = opts.now ?? (() => new Date());
  const actor = jobActor(start);
  const prepare: Preparer =
    opts.prepare ??
    ((records, ctx) =>
      encodeRows(prepareRows(records, { ...ctx, triage: opts.triage }), {
        id: ctx.importId,
        source: ctx.source,
      }));
  // The dispatch score of a new concern depends on the Kasse's current workload, as at intake.
  const pBarHours = await currentPBarHours(db, tenant.id);
  const started = performance.now();
  const counts = {
    totalRows: start.totalRows,
    accepted: start.accepted,
    duplicates: start.duplicates,
    rejected: start.rejected,
    lastRow: start.lastRow,
    lastLine: start.lastLine,
    lastByte: start.lastByte,
  };
  let header: CsvHeader | null = start.csvHeader;
  let headerSaved = header !== null;
  let batchNumber = 0;

  const report = () =>
    opts.onProgress?.({
      totalRows: counts.totalRows,
      accepted: counts.accepted,
      duplicates: counts.duplicates,
      rejected: counts.rejected,
      bytesRead: counts.lastByte,
      bytesTotal: start.bytesTotal,
      rowsThisRun: counts.totalRows - start.totalRows,
      bytesThisRun: counts.lastByte - start.lastByte,
      elapsedMs: performance.now() - started,
    });

  /**
   * Writes one batch in its own transaction. With concurrency > 1 batches are written side by side, but
   * each records its progress only after the batch before it has committed: the committed progress is
   * always a gap-free prefix of the file.
   */
  const commit = async (
    batch: EncodedBatch,
    records: RawRecord[],
    previous: Promise<void>,
  ): Promise<void> => {
    batchNumber++;
    const number = batchNumber;
    const first = records[0]!;
    const last = records[records.length - 1]!;
    const saveHeader = !headerSaved ? header : null;
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await withTenant(db, tenant.id, async (trx) => {
          const result = await storeBatch(trx, tenant, start, actor, batch);
          await previous;
          const moved = await addProgress(trx, start.id, {
            run,
            fromRow: first.row - 1,
            lastRow: last.row,
            lastLine: last.endLine,
            lastByte: last.endOffset,
            ...result,
            csvHeader: saveHeader,
          });
          if (!moved) throw takenOverError(start.id);
          await opts.beforeCommit?.({ number, lastRow: last.row });
          return result;
        });
        counts.accepted += r.accepted;
        counts.duplicates += r.duplicates;
        counts.rejected += r.rejected;
        counts.totalRows += batch.rows.length;
        counts.lastRow = last.row;
        counts.lastLine = last.endLine;
        counts.lastByte = last.endOffset;
        if (saveHeader) headerSaved = true;
        report();
        return;
      } catch (err) {
        if (attempt < 3 && isUniqueViolation(err, 'concerns_tenant_id_reference_key')) {
          // Two random references in one Kasse collided (40 bits; rare, but a big import draws many).
          for (const row of batch.rows) if (row.ok) row.reference = generateReference();
          continue;
        }
        if (attempt < 3 && isUniqueViolation(err, 'import_items_pkey')) {
          continue; // a concurrent import (or the batch before) took a key first: look again
        }
        throw err;
      }
    }
  };

  // The heartbeat: keeps the job this run's while batches are slow or wait (e.g. for the workers to load
  // the triage model); learns when another run took it over, and then stops this one.
  let lost: AppError | null = null;
  let beating: Promise<void> | null = null;
  const beat = setInterval(() => {
    if (beating || lost) return;
    beating = withTenant(db, tenant.id, (trx) => heartbeat(trx, start.id, run))
      .then((mine) => {
        if (!mine) lost = takenOverError(start.id);
      })
      .catch(() => undefined) // a missed beat is no failure; the next one tries again
      .finally(() => {
        beating = null;
      });
  }, opts.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
  beat.unref();
  const stopHeartbeat = async () => {
    clearInterval(beat);
    await beating;
  };

  let interrupted = false;
  try {
    const records = readRecords(open(start.lastByte), {
      format: start.format,
      startOffset: start.lastByte,
      startRow: start.lastRow,
      startLine: start.lastLine,
      header,
      onHeader: (h) => {
        header = h;
      },
    });
    const inflight: Promise<void>[] = [];
    let previous: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    const check = () => {
      if (failure) throw failure;
      if (lost) throw lost;
    };
    let batch: RawRecord[] = [];
    // Each batch is handed to commit after the one before it. Preparation runs one batch ahead: while a
    // batch is prepared, the next is parsed and queued, so the workers do not wait for the parser.
    let handed: Promise<void> = Promise.resolve();
    const send = async () => {
      const records = batch;
      batch = [];
      const prepared = Promise.resolve(
        prepare(records, { tenant, source: start.source, importId: start.id, actor, now: now(), pBarHours }),
      );
      const before = handed;
      handed = (async () => {
        await before;
        const encoded = await prepared;
        while (inflight.length >= concurrency) await inflight.shift();
        check();
        if (opts.signal?.aborted) return;
        const p = commit(encoded, records, previous);
        previous = p;
        inflight.push(
          p.catch((err: unknown) => {
            failure ??= err;
          }),
        );
      })();
      // Awaited below (or by the next batch); marked as handled so a failure does not surface before.
      handed.catch(() => undefined);
      prepared.catch(() => undefined);
      await before;
    };
    for await (const record of records) {
      check();
      if (opts.signal?.aborted) break;
      batch.push(record);
      if (batch.length >= batchSize) await send();
    }
    if (batch.length && !opts.signal?.aborted) await send();
    await handed;
    await Promise.all(inflight);
    check();
    interrupted = opts.signal?.aborted ?? false;
  } catch (err) {
    await stopHeartbeat();
    // A run that lost its job leaves it to the run that has it now.
    if (!isImportTakenOver(err)) {
      const message =
        err instanceof ImportFileError
          ? err.message
          : err instanceof AppError
            ? err.userMessage
            : 'Der Import ist mit einem internen Fehler abgebrochen.';
      await withTenant(db, tenant.id, (trx) => finishJob(trx, start.id, 'failed', { error: message, run }));
    }
    throw err;
  }
  await stopHeartbeat();
  const finished = await withTenant(db, tenant.id, (trx) =>
    interrupted
      ? finishJob(trx, start.id, 'failed', {
          error: opts.interruptedMessage ?? 'Abgebrochen; der Import kann fortgesetzt werden.',
          run,
        })
      : finishJob(trx, start.id, 'done', { bytesTotal: start.bytesTotal ?? counts.lastByte, run }),
  );
  if (!finished) throw takenOverError(start.id);
  const job = await getImportJob(db, tenant, start.id);
  return { job, interrupted };
}

interface BatchResult {
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Writes one batch: keys, concerns, audit events, rejections. Runs inside the batch's transaction. */
async function storeBatch(
  trx: Tx,
  tenant: Tenant,
  job: ImportJob,
  actor: Actor,
  batch: EncodedBatch,
): Promise<BatchResult> {
  const { rows } = batch;
  const rejections: Rejection[] = [];
  type Ok = Extract<EncodedBatch['rows'][number], { ok: true }>;
  const first = new Map<string, Ok>();
  const repeats: Ok[] = [];
  for (const r of rows) {
    if (!r.ok) {
      rejections.push({ row: r.row, line: r.line, externalId: r.externalId, reason: r.reason, raw: r.raw });
      continue;
    }
    if (first.has(r.externalId)) repeats.push(r);
    else first.set(r.externalId, r);
  }
  const unique = [...first.values()];
  const held = await existingHashes(
    trx,
    tenant.id,
    job.source,
    unique.map((u) => u.externalId),
  );
  const fresh = unique.filter((u) => !held.has(u.externalId));
  let duplicates = 0;
  const conflict = (id: string) =>
    `Die externalId „${id}“ wurde aus der Quelle „${job.source}“ bereits mit anderem Inhalt importiert.`;
  for (const u of unique) {
    const h = held.get(u.externalId);
    if (h === undefined) continue;
    if (h === u.contentHash) duplicates++;
    else
      rejections.push({
        row: u.row,
        line: u.line,
        externalId: u.externalId,
        reason: conflict(u.externalId),
        raw: u.raw,
      });
  }
  // A key repeated within the batch is compared with what the key holds once this batch is stored.
  for (const r of repeats) {
    const isNew = !held.has(r.externalId);
    const h = isNew ? first.get(r.externalId)!.contentHash : held.get(r.externalId);
    if (h === r.contentHash) duplicates++;
    else {
      const reason = isNew
        ? `Die externalId „${r.externalId}“ kommt in dieser Datei mehrfach mit unterschiedlichem Inhalt vor.`
        : conflict(r.externalId);
      rejections.push({ row: r.row, line: r.line, externalId: r.externalId, reason, raw: r.raw });
    }
  }

  if (fresh.length) {
    const teams = await teamSkills(trx);
    const teamFor = (topic: string) => teams.find((t) => t.skills.includes(topic))?.id ?? null;
    // The encoded columns hold every accepted row; `keep` marks the fresh ones (all, as a rule).
    const accepted = rows.flatMap((r) => (r.ok ? [r] : []));
    const isFresh = new Set(fresh);
    const keep = fresh.length === accepted.length ? undefined : accepted.map((r) => isFresh.has(r));
    const references = accepted.map((r) => r.reference);
    await insertEncodedConcerns(
      trx,
      batch.concerns,
      references,
      accepted.map((r) => teamFor(r.topic)),
      keep,
    );
    // The keys: a plain insert, so a key another transaction took meanwhile fails the batch (and it retries).
    await insertItems(
      trx,
      tenant.id,
      job.source,
      job.id,
      fresh.map((f) => ({
        externalId: f.externalId,
        contentHash: f.contentHash,
        row: f.row,
        concernId: f.id,
      })),
    );
    await recordImportEvents(trx, tenant.id, actor, {
      concernIds: batch.concerns[0]!,
      after: batch.after,
      reasons: batch.reasons,
      references,
      keep,
    });
  }
  rejections.sort((a, b) => a.row - b.row);
  await insertRejections(trx, tenant.id, job.id, rejections);
  return { accepted: fresh.length, duplicates, rejected: rejections.length };
}

/** Counts what an import would do, without writing anything: same checks, triage and duplicate look-up. */
export async function dryRunImport(
  db: Db,
  tenant: Tenant,
  chunks: AsyncIterable<Buffer | string>,
  opts: {
    format: ImportFormat;
    source: string;
    triage: Triage;
    batchSize?: number;
    now?: () => Date;
    onRejection?: (r: Rejection) => void;
    onProgress?: (p: ImportProgress) => void;
    bytesTotal?: number | null;
  },
): Promise<{ totalRows: number; accepted: number; duplicates: number; rejected: number }> {
  const actor: Actor = { userId: null, label: 'Probelauf' };
  const started = performance.now();
  const seen = new Map<string, string>();
  const c = { totalRows: 0, accepted: 0, duplicates: 0, rejected: 0 };
  let lastByte = 0;
  const reject = (r: Rejection) => {
    c.rejected++;
    opts.onRejection?.(r);
  };
  const handle = async (batch: RawRecord[]) => {
    const now = opts.now?.() ?? new Date();
    const rows = prepareRows(batch, { tenant, source: opts.source, triage: opts.triage, actor, now });
    const ids = rows.flatMap((r) => (r.ok && !seen.has(r.externalId) ? [r.externalId] : []));
    const existing = await withTenant(db, tenant.id, (trx) =>
      existingHashes(trx, tenant.id, opts.source, [...new Set(ids)]),
    );
    for (const r of rows) {
      c.totalRows++;
      if (!r.ok) {
        reject({ row: r.row, line: r.line, externalId: r.externalId, reason: r.reason, raw: r.raw });
        continue;
      }
      const known = seen.get(r.externalId) ?? existing.get(r.externalId);
      if (known === undefined) {
        seen.set(r.externalId, r.contentHash);
        c.accepted++;
      } else if (known === r.contentHash) c.duplicates++;
      else
        reject({
          row: r.row,
          line: r.line,
          externalId: r.externalId,
          reason: `Die externalId „${r.externalId}“ gibt es in der Quelle „${opts.source}“ bereits mit anderem Inhalt.`,
          raw: r.raw,
        });
    }
    lastByte = batch[batch.length - 1]!.endOffset;
    opts.onProgress?.({
      ...c,
      bytesRead: lastByte,
      bytesTotal: opts.bytesTotal ?? null,
      rowsThisRun: c.totalRows,
      bytesThisRun: lastByte,
      elapsedMs: performance.now() - started,
    });
  };
  let batch: RawRecord[] = [];
  for await (const record of readRecords(chunks, { format: opts.format })) {
    batch.push(record);
    if (batch.length >= (opts.batchSize ?? DEFAULT_BATCH_SIZE)) {
      await handle(batch);
      batch = [];
    }
  }
  if (batch.length) await handle(batch);
  return c;
}

/** All rejections of a job, page by page, for export. */
export async function* allRejections(db: Db, tenant: Tenant, jobId: string): AsyncGenerator<Rejection> {
  let after = 0;
  for (;;) {
    const page = await withTenant(db, tenant.id, (trx) =>
      listRejections(trx, jobId, { limit: 1000, afterRow: after }),
    );
    yield* page;
    if (page.length < 1000) return;
    after = page[page.length - 1]!.row;
  }
}
