/**
 * Import API for team leads: upload a legacy file (streamed to a spool file, never buffered in memory),
 * follow its progress, read its rejected rows. The import itself runs in the background in this process.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireStaff } from '../../auth/session.js';
import { withTenant } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { AppDeps } from '../../http/deps.js';
import type { Tenant } from '../../tenants/tenants.repository.js';
import { listJobs, listRejections, type ImportJob } from './import.repository.js';
import { startPreparePool } from './pool.js';
import {
  importCreated,
  importIdParams,
  importList,
  importQuery,
  importStatus,
  rejectionList,
  rejectionsQuery,
} from './import.schema.js';
import {
  checkSource,
  createImportJob,
  DEFAULT_SOURCE,
  getImportJob,
  runImport,
  STALE_AFTER_SECONDS,
} from './import.service.js';

/** Largest accepted upload (the rest of the API keeps its small body limit). */
export const UPLOAD_LIMIT = 200 * 1024 * 1024;
const CONTENT_TYPES = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl' } as const;

export function presentJob(job: ImportJob, now = new Date()) {
  const idle = (now.getTime() - job.updatedAt.getTime()) / 1000;
  const stalled = job.status === 'running' && idle >= STALE_AFTER_SECONDS;
  // A stalled run's speed is its speed up to its last sign of life, not one that falls as time goes by.
  const end = job.finishedAt ?? (job.status === 'running' && !stalled ? now : job.updatedAt);
  const seconds = (end.getTime() - job.runStartedAt.getTime()) / 1000;
  const rows = job.totalRows - job.runStartRow;
  return {
    id: job.id,
    status: job.status,
    source: job.source,
    format: job.format,
    fileName: job.fileName,
    totalRows: job.status === 'done' ? job.totalRows : null,
    processedRows: job.totalRows,
    accepted: job.accepted,
    duplicates: job.duplicates,
    rejected: job.rejected,
    bytesRead: job.lastByte,
    bytesTotal: job.bytesTotal,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    rowsPerSecond: seconds > 0.001 ? Math.round((rows / seconds) * 10) / 10 : null,
    error: job.error,
    createdBy: job.createdByLabel,
    stalledSeconds: stalled ? Math.round(idle) : null,
  };
}

/** The last path segment of a client-given file name, without control characters; null when nothing is left. */
export function cleanFileName(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001F\u007F]/g, '').trim();
  return clean || null;
}

/** Streams the request body to a private spool file, hashing it on the way; refuses more than `limit`. */
async function spool(
  body: Readable,
  limit: number,
): Promise<{ dir: string; file: string; bytes: number; sha256: string }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'vorrang-import-'));
  const file = path.join(dir, 'upload');
  const hash = createHash('sha256');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) return done(new AppError('PAYLOAD_TOO_LARGE'));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, count, fs.createWriteStream(file, { mode: 0o600 }));
  } catch (err) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw err instanceof AppError ? err : new AppError('MALFORMED_REQUEST', { cause: err });
  }
  return { dir, file, bytes, sha256: hash.digest('hex') };
}

export async function importRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();

  // Only here: CSV and NDJSON bodies reach the handler as the raw stream.
  app.addContentTypeParser(Object.keys(CONTENT_TYPES), (_req, payload, done) => done(null, payload));
  // Team leads only, checked before a byte of the body is read.
  app.addHook('onRequest', async (req) => {
    await requireStaff(req, deps, 'dashboard.view');
  });
  // Shutting down: stop running imports after their current batch (committed rows stay committed).
  app.addHook('onClose', async () => {
    for (const job of running.values()) job.abort.abort();
    await Promise.all([...running.values()].map((j) => j.done));
  });

  const startInBackground = (tenant: Tenant, job: ImportJob, upload: { dir: string; file: string }) => {
    const abort = new AbortController();
    // Triage in worker threads when this is a build (not the TypeScript sources under test).
    const pool = startPreparePool(undefined, 'default', deps.triage.version);
    const done = runImport(
      deps.db,
      tenant,
      job.id,
      (offset) => fs.createReadStream(upload.file, { start: offset, highWaterMark: 256 * 1024 }),
      {
        triage: deps.triage,
        signal: abort.signal,
        concurrency: deps.config.database.kind === 'postgres' ? 3 : 1,
        ...(pool && { prepare: pool.prepare }),
        interruptedMessage:
          'Beim Herunterfahren des Servers abgebrochen. Bitte die Datei erneut hochladen; bereits übernommene Zeilen werden als Duplikate erkannt.',
      },
    )
      .then(() => undefined)
      .catch((err: unknown) => app.log.error({ err, importId: job.id }, 'import failed'))
      .finally(async () => {
        running.delete(job.id);
        await pool?.close();
        await fs.promises.rm(upload.dir, { recursive: true, force: true });
      });
    running.set(job.id, { abort, done });
  };

  r.post(
    '/api/v1/imports',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags: ['imports'],
        summary:
          'Import a legacy backlog file (team leads). The body is the raw CSV (text/csv) or JSON Lines ' +
          '(application/x-ndjson) file; the import runs in the background.',
        querystring: importQuery,
        consumes: Object.keys(CONTENT_TYPES),
        response: { 202: importCreated },
      },
    },
    async (req, reply) => {
      const { user, tenant } = await requireStaff(req, deps, 'dashboard.view');
      const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = req.query.format ?? CONTENT_TYPES[mediaType as keyof typeof CONTENT_TYPES] ?? 'csv';
      const source = req.query.source ?? DEFAULT_SOURCE;
      const bad = checkSource(source);
      if (bad) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'source', message: bad }] });
      if (!(req.body instanceof Readable)) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body', message: 'Die Datei fehlt.' }] });
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > UPLOAD_LIMIT) throw new AppError('PAYLOAD_TOO_LARGE');
      const upload = await spool(req.body, UPLOAD_LIMIT);
      if (upload.bytes === 0) {
        await fs.promises.rm(upload.dir, { recursive: true, force: true });
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ field: 'body', message: 'Die Datei ist leer.' }],
        });
      }
      const job = await createImportJob(deps.db, tenant, {
        source,
        format,
        fileName: cleanFileName(req.query.fileName),
        fileSha256: upload.sha256,
        bytesTotal: upload.bytes,
        createdBy: user.id,
        createdByLabel: user.displayName,
      });
      startInBackground(tenant, job, upload);
      return reply.code(202).send({ id: job.id });
    },
  );

  r.get(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Recent imports of the Kasse (team leads)',
        response: { 200: importList },
      },
    },
    async (req) => {
      const { tenant } = await requireStaff(req, deps, 'dashboard.view');
      const jobs = await withTenant(deps.db, tenant.id, (trx) => listJobs(trx, 50));
      const now = new Date();
      return { imports: jobs.map((j) => presentJob(j, now)) };
    },
  );

  r.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Progress and counts of one import (team leads)',
        params: importIdParams,
        response: { 200: importStatus },
      },
    },
    async (req) => {
      const { tenant } = await requireStaff(req, deps, 'dashboard.view');
      return presentJob(await getImportJob(deps.db, tenant, req.params.id));
    },
  );

  r.get(
    '/api/v1/imports/:id/rejections',
    {
      schema: {
        tags: ['imports'],
        summary: 'Rejected rows of an import with their reasons, in file order (team leads)',
        params: importIdParams,
        querystring: rejectionsQuery,
        response: { 200: rejectionList },
      },
    },
    async (req) => {
      const { tenant } = await requireStaff(req, deps, 'dashboard.view');
      await getImportJob(deps.db, tenant, req.params.id);
      const rejections = await withTenant(deps.db, tenant.id, (trx) =>
        listRejections(trx, req.params.id, { limit: req.query.limit, afterRow: req.query.after }),
      );
      return { rejections };
    },
  );
}
