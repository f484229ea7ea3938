/**
 * `vorrang import --tenant SLUG --file PATH [--format csv|jsonl] [--source NAME] [--resume JOB_ID]
 * [--dry-run] [--rejections-out FILE]`: imports a legacy backlog into the configured database.
 * Exit 0 when the file was processed (rejected rows included), 2 on usage errors, 1 on failure.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { loadConfigForCommand } from '../../config.js';
import { openDatabase, withTenant, type Db } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { AppError } from '../../errors.js';
import { findTenantBySlug, type Tenant } from '../../tenants/tenants.repository.js';
import { defaultTriage } from '../../triage/default.js';
import { findJob, listRejections, type Rejection } from './import.repository.js';
import {
  allRejections,
  checkSource,
  DEFAULT_BATCH_SIZE,
  DEFAULT_SOURCE,
  dryRunImport,
  importBusyError,
  isImportBusy,
  isImportTakenOver,
  planRerun,
  runImport,
  STALE_AFTER_SECONDS,
} from './import.service.js';
import { IMPORT_FIELDS, ImportFileError, REQUIRED_COLUMNS, type ImportFormat } from './parse.js';
import { CHANNELS, SENDER_KINDS } from '../../shared/channels.js';
import { parseOptions, UsageError } from '../../shared/cli.js';
import { startPreparePool } from './pool.js';
import { ProgressDisplay } from './progress.js';

const OPTIONAL_COLUMNS = IMPORT_FIELDS.filter((f) => !REQUIRED_COLUMNS.includes(f));

const USAGE = `vorrang import --tenant SLUG --file PATH [Optionen]

Importiert einen Altbestand (CSV oder JSON Lines) als Anliegen mit ihrem ursprünglichen Eingang.

  --tenant SLUG           Kasse (Kürzel)
  --file PATH             Datei (UTF-8; CSV mit ; oder , und Kopfzeile, oder JSON Lines)
  --format csv|jsonl      Format (Standard: nach Dateiendung, sonst csv)
  --source NAME           Quelle; externalId ist je Kasse und Quelle eindeutig (Standard: ${DEFAULT_SOURCE})
  --resume JOB_ID         einen abgebrochenen Import fortsetzen (dieselbe Datei angeben)
  --dry-run               nur prüfen und zählen, nichts speichern
  --rejections-out FILE   alle abgelehnten Zeilen als CSV schreiben
  --batch-size N          Zeilen je Transaktion (Standard: ${DEFAULT_BATCH_SIZE})

Spalten (CSV: Namen in der Kopfzeile, Groß-/Kleinschreibung und _ - Leerzeichen egal;
JSON Lines: Schlüssel je Zeile; andere Spalten werden übergangen):
  Pflicht:   ${REQUIRED_COLUMNS.join(', ')}
  optional:  ${OPTIONAL_COLUMNS.join(', ')}
  channel:    ${CHANNELS.join(', ')} (auch Brief, Fax, Telefon, Portal …; fehlt: letter)
  senderKind: ${SENDER_KINDS.join(', ')} (auch Arbeitgeber, Krankenhaus …; fehlt: insured)

Eingangszeitpunkt (receivedAt):
  2023-04-03T08:30:00+02:00, 2023-04-03T06:30:00Z   ISO 8601 mit Zeitzone
  2023-04-03 08:30[:00], 2023-04-03T08:30           ISO 8601 ohne Zeitzone: Berliner Ortszeit
  03.04.2023 08:30[:00] oder 3.4.2023, 8:30 Uhr     deutsch: Berliner Ortszeit
  2023-04-03, 03.04.2023                            nur Datum: 00:00 Uhr Berliner Zeit

Eine erneut gestartete, unvollständig importierte Datei (gleiche SHA-256 und Quelle) wird automatisch
fortgesetzt, wenn ihr Import schon Zeilen gespeichert hat; scheiterte er vor der ersten Zeile (z. B. an
der Kopfzeile oder am Format) oder wird ein anderes --format angegeben, beginnt ein neuer Import.
Läuft derselbe Import noch in einem anderen Prozess, startet dieser nicht; ein Import ohne Lebenszeichen
seit ${STALE_AFTER_SECONDS} s (z. B. nach kill -9) gilt als abgebrochen und wird übernommen.

Exit-Code: 0 Datei verarbeitet (auch mit abgelehnten Zeilen), 1 Fehler oder Abbruch, 2 falscher Aufruf.
`;

const de = (n: number) => n.toLocaleString('de-DE');

interface Args {
  tenant: string;
  file: string;
  format: ImportFormat;
  /** Whether --format was given (else the format follows from the file name). */
  formatGiven: boolean;
  source: string | undefined;
  resume: string | undefined;
  dryRun: boolean;
  rejectionsOut: string | undefined;
  batchSize: number;
}

export function parseImportArgs(argv: string[]): Args | 'help' {
  const values = parseOptions(argv, {
    tenant: { type: 'string' },
    file: { type: 'string' },
    format: { type: 'string' },
    source: { type: 'string' },
    resume: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'rejections-out': { type: 'string' },
    'batch-size': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (!values.tenant) throw new UsageError('--tenant fehlt.');
  if (!values.file) throw new UsageError('--file fehlt.');
  const ext = path.extname(values.file).toLowerCase();
  const format = values.format ?? (ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : 'csv');
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError('--format ist csv oder jsonl.');
  if (values.source !== undefined) {
    const bad = checkSource(values.source);
    if (bad) throw new UsageError(bad);
  }
  if (values.resume !== undefined && !/^[0-9a-f-]{36}$/i.test(values.resume)) {
    throw new UsageError('--resume erwartet die Nummer eines Imports (UUID).');
  }
  const batchSize = values['batch-size'] === undefined ? DEFAULT_BATCH_SIZE : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
    throw new UsageError('--batch-size liegt zwischen 1 und 5000.');
  }
  if (values.resume && values['dry-run']) throw new UsageError('--resume und --dry-run schließen sich aus.');
  return {
    tenant: values.tenant,
    file: values.file,
    format,
    formatGiven: values.format !== undefined,
    source: values.source,
    resume: values.resume,
    dryRun: values['dry-run'],
    rejectionsOut: values['rejections-out'],
    batchSize,
  };
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[";\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const REJECTIONS_HEADER = '\uFEFFzeile;datensatz;externalId;grund;rohdaten\r\n';
const rejectionLine = (r: Rejection) =>
  [r.line, r.row, r.externalId, r.reason, r.raw].map(csvField).join(';') + '\r\n';

/** Writes rejections as CSV (`;`, BOM for spreadsheet programs), respecting back-pressure. */
async function writeRejections(file: string, rows: AsyncIterable<Rejection>): Promise<number> {
  const out = fs.createWriteStream(file);
  let n = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(REJECTIONS_HEADER);
  for await (const r of rows) {
    n++;
    await write(rejectionLine(r));
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/** For the dry run, which has rejections one at a time from a synchronous callback. */
function rejectionWriter(file: string): { add(r: Rejection): void; close(): Promise<void> } {
  const out = fs.createWriteStream(file);
  out.write(REJECTIONS_HEADER);
  return {
    add: (r) => void out.write(rejectionLine(r)),
    close: async () => {
      out.end();
      await once(out, 'finish');
    },
  };
}

function printReasons(err: NodeJS.WriteStream, first: Rejection[], total: number): void {
  if (!first.length) return;
  err.write(`\nDie ersten ${first.length} von ${de(total)} abgelehnten Zeilen:\n`);
  for (const r of first) {
    const id = r.externalId ? ` (externalId ${r.externalId})` : '';
    err.write(`  Zeile ${r.line}${id}: ${r.reason}\n`);
  }
}

export async function run(argv: string[]): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseImportArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vorrang import: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  let size: number;
  try {
    const stat = await fs.promises.stat(args.file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    process.stderr.write(`vorrang import: Die Datei ${args.file} gibt es nicht oder sie ist nicht lesbar.\n`);
    return 2;
  }
  const config = loadConfigForCommand();
  if (!config) return 2;
  const handle = await openDatabase(config.database);
  try {
    await migrateToLatest(handle.db);
    const tenant = await findTenantBySlug(handle.db, args.tenant);
    if (!tenant) {
      process.stderr.write(`vorrang import: Die Kasse „${args.tenant}“ ist hier nicht eingerichtet.\n`);
      return 2;
    }
    return await importFile(handle.db, tenant, args, size, handle.kind);
  } catch (err) {
    const message =
      err instanceof ImportFileError
        ? err.message
        : err instanceof AppError
          ? err.userMessage
          : (err as Error).message;
    process.stderr.write(`\nvorrang import: ${message}\n`);
    return 1;
  } finally {
    await handle.close();
  }
}

async function importFile(
  db: Db,
  tenant: Tenant,
  args: Args,
  size: number,
  kind: 'pglite' | 'postgres',
): Promise<number> {
  const err = process.stderr;
  const triage = await defaultTriage();
  const display = new ProgressDisplay(process.stderr);
  const sha256 = await fileSha256(args.file);
  const source = args.source ?? DEFAULT_SOURCE;

  if (args.dryRun) {
    const first: Rejection[] = [];
    const out = args.rejectionsOut ? rejectionWriter(args.rejectionsOut) : null;
    const c = await dryRunImport(db, tenant, fs.createReadStream(args.file, { highWaterMark: 256 * 1024 }), {
      format: args.format,
      source,
      triage,
      batchSize: args.batchSize,
      bytesTotal: size,
      onProgress: (p) => display.update(p),
      onRejection: (r) => {
        if (first.length < 10) first.push(r);
        out?.add(r);
      },
    });
    display.done();
    err.write(
      `\nProbelauf (nichts gespeichert), Quelle „${source}“: ${de(c.totalRows)} Zeilen, davon ` +
        `${de(c.accepted)} würden übernommen, ${de(c.duplicates)} sind Duplikate, ${de(c.rejected)} abgelehnt.\n`,
    );
    printReasons(err, first, c.rejected);
    if (out) {
      await out.close();
      err.write(`Alle abgelehnten Zeilen: ${args.rejectionsOut}\n`);
    }
    return 0;
  }

  let job;
  if (args.resume) {
    job = await withTenant(db, tenant.id, (trx) => findJob(trx, args.resume!));
    if (!job) {
      err.write(`vorrang import: Import ${args.resume} gibt es bei dieser Kasse nicht.\n`);
      return 2;
    }
    if (job.fileSha256 !== sha256) {
      err.write(`vorrang import: Die Datei hat einen anderen Inhalt als die von Import ${job.id}.\n`);
      return 2;
    }
    if (job.status === 'done') {
      err.write(`Import ${job.id} ist bereits abgeschlossen.\n`);
      return 0;
    }
    if (args.formatGiven && args.format !== job.format) {
      err.write(
        `vorrang import: Import ${job.id} wurde im Format ${job.format} begonnen, nicht ${args.format}. ` +
          'Ohne --resume beginnt ein neuer Import im angegebenen Format.\n',
      );
      return 2;
    }
    err.write(`Setze Import ${job.id} nach Zeile ${de(job.lastRow)} fort.\n`);
  } else {
    const plan = await planRerun(
      db,
      tenant,
      { sha256, source, format: args.format, formatGiven: args.formatGiven },
      {
        fileName: path.basename(args.file),
        bytesTotal: size,
        createdBy: null,
        createdByLabel: `Kommandozeile (${safeUser()})`,
      },
    );
    if (plan.kind === 'busy') {
      err.write(`vorrang import: ${importBusyError(plan.job.id, plan.idleSeconds).userMessage}\n`);
      return 1;
    }
    if (plan.kind === 'resume') {
      job = plan.job;
      err.write(
        plan.takeOver
          ? `Import ${job.id} dieser Datei hat seit ${de(Math.round(plan.idleSeconds))} s kein Lebenszeichen ` +
              `gegeben und gilt als abgebrochen: er wird übernommen und nach Zeile ${de(job.lastRow)} fortgesetzt.\n`
          : `Diese Datei wurde schon teilweise importiert: setze Import ${job.id} nach Zeile ${de(job.lastRow)} fort.\n`,
      );
    } else {
      if (plan.notResumed) {
        err.write(
          `Import ${plan.notResumed.id} dieser Datei (Format ${plan.notResumed.format}) wird nicht fortgesetzt, ` +
            `weil jetzt --format ${args.format} angegeben ist; bereits übernommene Zeilen zählen als Duplikate.\n`,
        );
      }
      if (plan.done) {
        err.write(
          `Hinweis: Diese Datei wurde bereits mit Import ${plan.done.id} übernommen; ihre Zeilen werden als Duplikate gezählt.\n`,
        );
      }
      job = plan.job;
      err.write(`Import ${job.id} gestartet (Quelle „${source}“).\n`);
    }
  }

  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    err.write(
      '\nAbbruch angefordert: der laufende Block wird noch gespeichert (nochmals Strg+C: sofort beenden).\n',
    );
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const pool = startPreparePool(undefined, 'default', triage.version);
  let outcome;
  try {
    outcome = await runImport(
      db,
      tenant,
      job.id,
      (offset) => fs.createReadStream(args.file, { start: offset, highWaterMark: 256 * 1024 }),
      {
        triage,
        batchSize: args.batchSize,
        signal: abort.signal,
        onProgress: (p) => display.update(p),
        concurrency: kind === 'postgres' ? 3 : 1,
        ...(pool && { prepare: pool.prepare }),
      },
    );
  } catch (e) {
    display.done();
    if (isImportBusy(e) || isImportTakenOver(e)) {
      // Another run has the job: nothing here to continue.
    } else if (e instanceof ImportFileError) {
      err.write(
        `\nImport ${job.id} ist fehlgeschlagen: Die Datei kann so nicht importiert werden, es wurde nichts ` +
          'übernommen. Bitte die Datei (oder --format) korrigieren und den Import neu starten; er beginnt ' +
          'dann von vorn.\n',
      );
    } else {
      err.write(
        `\nImport ${job.id} ist fehlgeschlagen; bereits gespeicherte Blöcke bleiben erhalten.\n` +
          `Fortsetzen mit: vorrang import --tenant ${tenant.slug} --file ${args.file} --resume ${job.id}\n`,
      );
    }
    throw e;
  } finally {
    await pool?.close();
    process.off('SIGINT', onSigint);
    display.done();
  }
  const j = outcome.job;
  err.write(
    `\n${outcome.interrupted ? 'Import abgebrochen' : 'Import abgeschlossen'}: ${j.id} (Quelle „${j.source}“)\n` +
      `  Zeilen:      ${de(j.totalRows)}\n` +
      `  übernommen:  ${de(j.accepted)}\n` +
      `  Duplikate:   ${de(j.duplicates)}\n` +
      `  abgelehnt:   ${de(j.rejected)}\n`,
  );
  const first = await withTenant(db, tenant.id, (trx) => listRejections(trx, j.id, { limit: 10 }));
  printReasons(err, first, j.rejected);
  if (args.rejectionsOut) {
    const n = await writeRejections(args.rejectionsOut, allRejections(db, tenant, j.id));
    err.write(`\nAlle ${de(n)} abgelehnten Zeilen stehen in ${args.rejectionsOut}.\n`);
  } else if (j.rejected > 0) {
    err.write(
      `\nAlle abgelehnten Zeilen: mit --rejections-out DATEI als CSV, oder GET /api/v1/imports/${j.id}/rejections.\n`,
    );
  }
  if (outcome.interrupted) {
    err.write(
      `\nFortsetzen mit: vorrang import --tenant ${tenant.slug} --file ${args.file} --resume ${j.id}\n`,
    );
    return 1;
  }
  return 0;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unbekannt';
  }
}
