/**
 * Backlog import throughput: generates a legacy CSV (default 100,000 rows; VORRANG_BENCH_IMPORT_ROWS sets
 * another size) from the corpus texts, with quoted multi-line fields and 1 % bad rows, and imports it into a
 * scratch PostgreSQL database with the real triage, clocks and audit events. Reports rows per second, the
 * preparation rate alone (parse, check, triage, clocks), peak memory, and checks that the counts add up.
 * VORRANG_BENCH_IMPORT_TRIAGE=keyword uses the keyword baseline (measures the database path);
 * VORRANG_BENCH_IMPORT_WORKERS=N sets the preparation pool (0 = prepare in the main thread);
 * VORRANG_BENCH_IMPORT_CONCURRENCY=N the batches written at the same time (default 3).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createImportJob, runImport } from '../backlog/import/import.service.js';
import { startPreparePool } from '../backlog/import/pool.js';
import { readRecords, type RawRecord } from '../backlog/import/parse.js';
import { encodeRows, prepareRows } from '../backlog/import/rows.js';
import { countConcerns } from '../concerns/concerns.repository.js';
import { openDatabase, withTenant } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadCorpus } from '../shared/corpus.js';
import { seededRandom } from '../shared/random.js';
import { insertTenant } from '../tenants/tenants.repository.js';
import { defaultTriage } from '../triage/default.js';
import { KeywordTriage } from '../triage/keyword-triage.js';
import { postgresCpuMs, round, scratchDatabase } from './support.js';

const CHANNELS = ['letter', 'phone_note', 'email', 'edge', 'chat'];

function csvField(s: string): string {
  return /[";\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

async function writeCsv(file: string, rows: number): Promise<number> {
  const rand = seededRandom(4711);
  const corpus = loadCorpus().filter((m) => m.text.length < 2000);
  const out = fs.createWriteStream(file);
  let bad = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('externalId;receivedAt;channel;senderKind;subject;text\r\n');
  const start = Date.UTC(2023, 3, 1, 6);
  for (let i = 1; i <= rows; i++) {
    const m = corpus[Math.floor(rand() * corpus.length)]!;
    const at = new Date(start + Math.floor(rand() * 35 * 86_400_000));
    const p = (n: number) => String(n).padStart(2, '0');
    let received = `${p(at.getUTCDate())}.${p(at.getUTCMonth() + 1)}.${at.getUTCFullYear()} ${p(at.getUTCHours())}:${p(at.getUTCMinutes())}`;
    if (i % 100 === 0) {
      received = '31.02.2023 10:00'; // 1 % unparseable dates
      bad++;
    }
    const text = i % 3 === 0 ? `Sehr geehrte Damen und Herren,\n${m.text}\nMit freundlichen Grüßen` : m.text;
    await write(
      [`ALT-${i}`, received, CHANNELS[i % CHANNELS.length]!, m.sender, m.subject ?? '', text]
        .map(csvField)
        .join(';') + '\r\n',
    );
  }
  out.end();
  await once(out, 'finish');
  return bad;
}

export async function bench(ctx: { log: (line: string) => void }): Promise<Record<string, unknown>> {
  const rows = Number(process.env.VORRANG_BENCH_IMPORT_ROWS ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vorrang-import-bench-'));
  const file = path.join(dir, 'altbestand.csv');
  const pg = await scratchDatabase();
  const handle = await openDatabase({ kind: 'postgres', url: pg.url, poolSize: 8 });
  try {
    const t0 = performance.now();
    const bad = await writeCsv(file, rows);
    const bytes = fs.statSync(file).size;
    ctx.log(
      `${rows} rows, ${(bytes / 1e6).toFixed(1)} MB written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const kind = process.env.VORRANG_BENCH_IMPORT_TRIAGE === 'keyword' ? 'keyword' : 'default';
    const triage = kind === 'keyword' ? new KeywordTriage() : await defaultTriage();
    const workers = Number(process.env.VORRANG_BENCH_IMPORT_WORKERS ?? os.availableParallelism());
    const w0 = performance.now();
    const pool = startPreparePool(workers, kind, triage.version);
    // The workers load the model as they start, as in `vorrang import` while it reads the job: the rate
    // below is measured from the first row on (their JIT warm-up is in it).
    await pool?.ready;
    const workersReadySeconds = (performance.now() - w0) / 1000;
    const concurrency = Number(process.env.VORRANG_BENCH_IMPORT_CONCURRENCY ?? 3);
    ctx.log(
      `triage ${triage.version}, ${pool ? `${pool.size} preparation workers, ready in ${workersReadySeconds.toFixed(2)} s` : 'preparation in the main thread'}`,
    );
    await migrateToLatest(handle.db);
    const tenant = await insertTenant(handle.db, { slug: 'bench-import', name: 'Bench-Kasse', land: 'NW' });

    // Preparation alone (check, triage, clocks) on the first 5,000 rows, in this thread: the CPU share of a
    // row. The first pass runs while the code is still being compiled (each worker goes through that too);
    // the second shows the steady state.
    const sample: RawRecord[] = [];
    for await (const r of readRecords(fs.createReadStream(file), { format: 'csv' })) {
      sample.push(r);
      if (sample.length >= Math.min(rows, 5_000)) break;
    }
    const now = new Date();
    const preparePass = () => {
      const p0 = performance.now();
      // In batches of the size each worker gets, checked, triaged, timed and encoded as a worker does.
      const actor = { userId: null, label: 'bench' };
      for (let i = 0; i < sample.length; i += 500) {
        const rows = prepareRows(sample.slice(i, i + 500), { tenant, source: 'bench', triage, actor, now });
        encodeRows(rows, { id: 'bench', source: 'bench' });
      }
      return sample.length / ((performance.now() - p0) / 1000);
    };
    const prepareColdRate = preparePass();
    const prepareRate = preparePass();
    ctx.log(
      `preparation alone: ${round(prepareRate)} rows/s (first pass, compiling: ${round(prepareColdRate)})`,
    );

    const job = await createImportJob(handle.db, tenant, {
      source: 'bench',
      format: 'csv',
      fileName: 'altbestand.csv',
      fileSha256: null,
      bytesTotal: bytes,
      createdBy: null,
      createdByLabel: 'Benchmark',
    });
    let peakRss = process.memoryUsage().rss;
    let lastLog = 0;
    // CPU per row, this process (all threads) and the PostgreSQL backends: on a shared machine it varies
    // less than the rate, and says what a given number of cores can reach.
    const pgCpu0 = await postgresCpuMs(pg.url);
    const cpu0 = process.cpuUsage();
    const i0 = performance.now();
    const { job: done } = await runImport(
      handle.db,
      tenant,
      job.id,
      (offset) => fs.createReadStream(file, { start: offset, highWaterMark: 256 * 1024 }),
      {
        triage,
        concurrency,
        ...(pool && { prepare: pool.prepare }),
        onProgress: (p) => {
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          if (p.elapsedMs - lastLog > 5000) {
            lastLog = p.elapsedMs;
            ctx.log(`${p.totalRows} rows, ${round(p.rowsThisRun / (p.elapsedMs / 1000))} rows/s`);
          }
        },
      },
    );
    const seconds = (performance.now() - i0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pgCpu1 = await postgresCpuMs(pg.url);
    await pool?.close();
    const appCpuMsPerRow = (cpu.user + cpu.system) / 1000 / rows;
    const pgCpuMsPerRow = pgCpu0 !== null && pgCpu1 !== null ? (pgCpu1 - pgCpu0) / rows : null;
    const perSecond = done.totalRows / seconds;
    const stored = await withTenant(handle.db, tenant.id, (trx) => countConcerns(trx));
    const events = await withTenant(handle.db, tenant.id, async (trx) =>
      Number(
        (
          await trx
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'concern.imported')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    const countsAddUp =
      done.accepted + done.duplicates + done.rejected === done.totalRows &&
      done.totalRows === rows &&
      done.rejected === bad &&
      stored === done.accepted &&
      events === done.accepted;
    ctx.log(
      `imported ${done.totalRows} rows in ${seconds.toFixed(1)} s: ${round(perSecond)} rows/s ` +
        `(${done.accepted} accepted, ${done.duplicates} duplicates, ${done.rejected} rejected); ` +
        `CPU per row: ${appCpuMsPerRow.toFixed(3)} ms vorrang, ${pgCpuMsPerRow?.toFixed(3) ?? '?'} ms PostgreSQL; ` +
        `counts add up: ${countsAddUp}; peak RSS ${Math.round(peakRss / 1e6)} MB`,
    );
    if (!countsAddUp) throw new Error('import counts do not add up');
    return {
      rows,
      megabytes: round(bytes / 1e6),
      triage: triage.version,
      workers: pool?.size ?? 0,
      workersReadySeconds: pool ? round(workersReadySeconds, 2) : null,
      concurrency,
      rowsPerSecond: round(perSecond),
      prepareRowsPerSecond: round(prepareRate),
      prepareFirstPassRowsPerSecond: round(prepareColdRate),
      appCpuMsPerRow: round(appCpuMsPerRow, 3),
      pgCpuMsPerRow: pgCpuMsPerRow === null ? null : round(pgCpuMsPerRow, 3),
      seconds: round(seconds),
      accepted: done.accepted,
      duplicates: done.duplicates,
      rejected: done.rejected,
      countsAddUp,
      peakRssMB: Math.round(peakRss / 1e6),
    };
  } finally {
    await handle.close();
    await pg.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
