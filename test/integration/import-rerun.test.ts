/**
 * Re-runs of an import: a second run on a job whose run is alive is refused while the first carries on, a
 * dead run (no heartbeat for STALE_AFTER_SECONDS) is taken over, a run that was taken over stops without
 * failing the job, and the heartbeat beats while a batch is slow. A job that failed before its first row,
 * or one begun in another format than now asked for, is not continued. Rows that are not UTF-8 are
 * rejected with their externalId. On PGlite, and on PostgreSQL with VORRANG_TEST_DIALECT=postgres.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createImportJob,
  isImportBusy,
  isImportTakenOver,
  planRerun,
  runImport,
  STALE_AFTER_SECONDS,
  type Preparer,
} from '../../src/backlog/import/import.service.js';
import { listRejections } from '../../src/backlog/import/import.repository.js';
import { encodeRows, prepareRows } from '../../src/backlog/import/rows.js';
import { withTenant } from '../../src/db/database.js';
import type { Tenant } from '../../src/tenants/tenants.repository.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { createTenant } from '../support/factories.js';
import { useTestDatabase } from '../support/harness.js';

const triage = new KeywordTriage();
const env = useTestDatabase();

async function* chunks(data: Buffer, from: number, size = 4096): AsyncGenerator<Buffer> {
  for (let i = from; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function csv(n: number, prefix = 'R'): Buffer {
  let s = 'externalId;receivedAt;text\n';
  for (let i = 1; i <= n; i++) s += `${prefix}-${i};0${1 + (i % 9)}.03.2023 10:00;Anliegen Nummer ${i}\n`;
  return Buffer.from(s);
}

const plain: Preparer = (records, ctx) =>
  encodeRows(prepareRows(records, { ...ctx, triage }), { id: ctx.importId, source: ctx.source });
/** A preparation that takes `ms` per batch (slow workers, a slow model load). */
const slow =
  (ms: number, before?: (n: number) => Promise<void>): Preparer =>
  async (records, ctx) => {
    await sleep(ms);
    await before?.(records[0]!.row);
    return plain(records, ctx);
  };

async function newJob(tenant: Tenant, format: 'csv' | 'jsonl' = 'csv', sha = 'f'.repeat(64)) {
  return createImportJob(env.db, tenant, {
    source: 'altbestand',
    format,
    fileName: null,
    fileSha256: sha,
    bytesTotal: null,
    createdBy: null,
    createdByLabel: 'Test',
  });
}

interface JobRow {
  status: string;
  total_rows: number;
  accepted: number;
  error: string | null;
  updated_at: Date;
}
const jobRow = (tenant: Tenant, id: string) =>
  withTenant(env.db, tenant.id, async (trx) => {
    const r = await sql<JobRow>`select status, total_rows, accepted, error, updated_at from imports
      where id = ${id}`.execute(trx);
    return r.rows[0]!;
  });
const NEW_JOB = { fileName: null, bytesTotal: null, createdBy: null, createdByLabel: 'Test' };
/** What a run that stopped at a bad header leaves. */
const failedBeforeFirstRow = (tenant: Tenant, id: string) =>
  withTenant(env.db, tenant.id, (trx) =>
    sql`update imports set status = 'failed', error = 'Kopfzeile fehlt' where id = ${id}`.execute(trx),
  );
/** What kill -9 leaves: a running job whose run last showed life `secondsAgo` ago. */
const deadRun = (tenant: Tenant, id: string, secondsAgo: number) =>
  withTenant(env.db, tenant.id, (trx) =>
    sql`update imports set status = 'running', run_started_at = clock_timestamp() - interval '1 hour',
      updated_at = now() - make_interval(secs => ${secondsAgo}) where id = ${id}`.execute(trx),
  );

describe('import runs on one job', () => {
  it('refuses a second run while the first is alive, and the first carries on to the end', async () => {
    const tenant = await createTenant(env.db);
    const data = csv(12);
    const job = await newJob(tenant);
    const open = (offset: number) => chunks(data, offset, 50);
    let second: Promise<unknown> | undefined;
    const first = runImport(env.db, tenant, job.id, open, {
      triage,
      batchSize: 3,
      prepare: slow(20),
      onProgress: (p) => {
        if (p.totalRows !== 3) return;
        second = runImport(env.db, tenant, job.id, open, { triage, batchSize: 3 }).then(
          () => null,
          (e: unknown) => e,
        );
      },
    });
    const outcome = await first;
    expect(second).toBeDefined();
    const refused = await second;
    expect(isImportBusy(refused)).toBe(true);
    expect((refused as { userMessage: string }).userMessage).toMatch(
      /^Import [0-9a-f-]{36} läuft gerade in einem anderen Prozess \(letztes Lebenszeichen vor \d+ s\)/,
    );
    expect(outcome.job).toMatchObject({ status: 'done', totalRows: 12, accepted: 12, error: null });
  });

  it('takes over a job whose run is dead (no heartbeat for a minute), but not one that beat recently', async () => {
    const tenant = await createTenant(env.db);
    const data = csv(7);
    const job = await newJob(tenant);
    await deadRun(tenant, job.id, 10);
    const refused = await runImport(env.db, tenant, job.id, (o) => chunks(data, o), { triage }).catch(
      (e: unknown) => e,
    );
    expect(isImportBusy(refused)).toBe(true);
    expect((await jobRow(tenant, job.id)).status).toBe('running');

    await deadRun(tenant, job.id, STALE_AFTER_SECONDS + 5);
    const outcome = await runImport(env.db, tenant, job.id, (o) => chunks(data, o), { triage });
    expect(outcome.job).toMatchObject({ status: 'done', totalRows: 7, accepted: 7 });
  });

  it('stops a run whose job was taken over, and leaves the job to the run that has it', async () => {
    const tenant = await createTenant(env.db);
    const data = csv(9);
    const job = await newJob(tenant);
    // Before its second batch is written, another run takes the job over (stamps its own token).
    const takeOver = async (row: number) => {
      if (row !== 4) return;
      await withTenant(env.db, tenant.id, (trx) =>
        sql`update imports set run_started_at = clock_timestamp(), updated_at = now()
          where id = ${job.id}`.execute(trx),
      );
    };
    const err = await runImport(env.db, tenant, job.id, (o) => chunks(data, o), {
      triage,
      batchSize: 3,
      prepare: slow(0, takeOver),
    }).catch((e: unknown) => e);
    expect(isImportTakenOver(err)).toBe(true);
    // Not marked failed: that would stop the run that has it now.
    const after = await jobRow(tenant, job.id);
    expect(after).toMatchObject({ status: 'running', error: null });
    // Preparation runs a batch ahead, so the first batch may or may not have been written before.
    expect(after.total_rows).toBeLessThan(9);
  });

  it('beats while a batch is slow, before anything is committed', async () => {
    const tenant = await createTenant(env.db);
    const data = csv(2);
    const job = await newJob(tenant);
    const stamps: number[] = [];
    const watch = async () => {
      for (let i = 0; i < 4; i++) {
        stamps.push((await jobRow(tenant, job.id)).updated_at.getTime());
        await sleep(150);
      }
    };
    const outcome = await runImport(env.db, tenant, job.id, (o) => chunks(data, o), {
      triage,
      prepare: slow(0, watch),
      heartbeatIntervalMs: 40,
    });
    expect(outcome.job.status).toBe('done');
    expect(new Set(stamps).size).toBeGreaterThanOrEqual(3);
  });
});

describe('starting a file again', () => {
  it('starts afresh after a failure before the first row, e.g. a JSON Lines file read as CSV', async () => {
    const tenant = await createTenant(env.db);
    const sha = 'a'.repeat(64);
    const jsonl = Buffer.from(
      '{"externalId":"K-1","receivedAt":"2023-04-26","text":"Krankengeld fehlt"}\n' +
        '{"externalId":"K-2","receivedAt":"2023-04-27","text":"Pflegegeld fehlt"}\n',
    );
    const wrong = await newJob(tenant, 'csv', sha);
    await expect(runImport(env.db, tenant, wrong.id, (o) => chunks(jsonl, o), { triage })).rejects.toThrow(
      /Kopfzeile/,
    );
    expect(await jobRow(tenant, wrong.id)).toMatchObject({ status: 'failed', total_rows: 0 });

    // Neither with the right format given, nor without one, is the failed CSV job continued.
    const file = { sha256: sha, source: 'altbestand', format: 'jsonl' as const };
    for (const formatGiven of [true, false]) {
      const plan = await planRerun(env.db, tenant, { ...file, formatGiven }, NEW_JOB);
      expect(plan).toMatchObject({ kind: 'new', job: { format: 'jsonl', status: 'running', totalRows: 0 } });
      expect(plan.job.id).not.toBe(wrong.id);
      if (formatGiven) await failedBeforeFirstRow(tenant, plan.job.id);
      else {
        const outcome = await runImport(env.db, tenant, plan.job.id, (o) => chunks(jsonl, o), { triage });
        expect(outcome.job).toMatchObject({ status: 'done', accepted: 2 });
      }
    }
  });

  it('lets only one of two starts of the same new file at the same moment create a job', async () => {
    const tenant = await createTenant(env.db);
    const file = { sha256: 'c'.repeat(64), source: 'altbestand', format: 'csv' as const, formatGiven: false };
    const plans = await Promise.all([
      planRerun(env.db, tenant, file, NEW_JOB),
      planRerun(env.db, tenant, file, NEW_JOB),
    ]);
    expect(plans.map((p) => p.kind).sort()).toEqual(['busy', 'new']);
    expect(plans[0]!.job.id).toBe(plans[1]!.job.id);
    const jobs = await withTenant(env.db, tenant.id, (trx) =>
      sql<{ n: number }>`select count(*)::int as n from imports where file_sha256 = ${file.sha256}`.execute(
        trx,
      ),
    );
    expect(jobs.rows[0]!.n).toBe(1);
  });

  it('continues a job with committed rows, unless another format is asked for; refuses a live one', async () => {
    const tenant = await createTenant(env.db);
    const sha = 'b'.repeat(64);
    const data = csv(6);
    const job = await newJob(tenant, 'csv', sha);
    await expect(
      runImport(env.db, tenant, job.id, (o) => chunks(data, o), {
        triage,
        batchSize: 2,
        beforeCommit: ({ number }) => {
          if (number === 2) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const file = { sha256: sha, source: 'altbestand' };
    expect(
      await planRerun(env.db, tenant, { ...file, format: 'csv', formatGiven: false }, NEW_JOB),
    ).toMatchObject({
      kind: 'resume',
      job: { id: job.id, totalRows: 2 },
      takeOver: false,
    });
    const other = await planRerun(env.db, tenant, { ...file, format: 'jsonl', formatGiven: true }, NEW_JOB);
    expect(other).toMatchObject({ kind: 'new', job: { format: 'jsonl' }, notResumed: { id: job.id } });
    await failedBeforeFirstRow(tenant, other.job.id);
    await deadRun(tenant, job.id, 5);
    expect(
      await planRerun(env.db, tenant, { ...file, format: 'csv', formatGiven: false }, NEW_JOB),
    ).toMatchObject({
      kind: 'busy',
      job: { id: job.id },
    });
    await deadRun(tenant, job.id, STALE_AFTER_SECONDS * 2);
    expect(
      await planRerun(env.db, tenant, { ...file, format: 'csv', formatGiven: true }, NEW_JOB),
    ).toMatchObject({
      kind: 'resume',
      takeOver: true,
    });
    const outcome = await runImport(env.db, tenant, job.id, (o) => chunks(data, o), { triage, batchSize: 2 });
    expect(outcome.job).toMatchObject({ status: 'done', totalRows: 6, accepted: 6 });
  });
});

describe('rows that cannot be read', () => {
  it('rejects a Latin-1 row with its externalId and a reason, and imports the rest', async () => {
    const tenant = await createTenant(env.db);
    const data = Buffer.concat([
      Buffer.from('externalId;receivedAt;text;subject\n'),
      Buffer.from('E1;2023-04-26;Krankengeld f\xfcr M\xe4rz fehlt;\n', 'latin1'),
      Buffer.from('E2;2023-04-26;Krankengeld für März fehlt;\n'),
      Buffer.from('E3;2023-04-26;zu viele;Felder;hier\n'),
    ]);
    const job = await newJob(tenant);
    const { job: done } = await runImport(env.db, tenant, job.id, (o) => chunks(data, o, 7), { triage });
    expect(done).toMatchObject({ status: 'done', totalRows: 3, accepted: 1, rejected: 2 });
    const rejections = await withTenant(env.db, tenant.id, (trx) =>
      listRejections(trx, job.id, { limit: 10 }),
    );
    expect(rejections.map((r) => [r.line, r.externalId])).toEqual([
      [2, 'E1'],
      [4, 'E3'],
    ]);
    expect(rejections[0]!.reason).toMatch(/^Der Text ist nicht in UTF-8 kodiert \(Feld „text“\)/);
    expect(rejections[1]!.reason).toBe('Die Zeile hat 5 statt 4 Felder.');
    const bodies = await withTenant(env.db, tenant.id, (trx) =>
      trx.selectFrom('concerns').select('body').execute(),
    );
    expect(bodies.map((b) => b.body)).toEqual(['Krankengeld für März fehlt']);
  });
});
