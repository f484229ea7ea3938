/**
 * `vorrang triage export-overrides --tenant SLUG [--since YYYY-MM-DD] [--out FILE]`: writes the staff
 * overrides of a Kasse as JSON lines for `vorrang triage train --overrides FILE`. Loaded by triage.cli.ts
 * only for this subcommand, so plain `vorrang triage` starts without a database driver.
 * Exit 0 on success, 2 on usage errors (also an unknown Kasse or an unwritable file), 1 on failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Actor } from '../audit/audit.repository.js';
import { loadConfigForCommand } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { startOfBerlinDay } from '../deadlines/calendar.js';
import { AppError } from '../errors.js';
import { parseOptions, UsageError } from '../shared/cli.js';
import { findTenantBySlug } from '../tenants/tenants.repository.js';
import { formatOverrides } from './overrides.js';
import { exportOverrides } from './overrides.service.js';

const NAME = 'vorrang triage export-overrides';

export const EXPORT_USAGE = `${NAME} --tenant SLUG [--since JJJJ-MM-TT] [--out DATEI]

Schreibt die Korrekturen der Sachbearbeitung (Thema/Klasse mit Begründung) einer Kasse als JSON Lines,
das Eingabeformat von „vorrang triage train --overrides DATEI“. Jeder Export wird im Audit-Log vermerkt.

  --tenant SLUG        Kasse (Kürzel)
  --since JJJJ-MM-TT   nur Anliegen, die ab diesem Tag (0 Uhr Berliner Zeit) zuletzt umklassifiziert wurden
  --out DATEI          in diese Datei schreiben (nur für den Eigentümer lesbar, Modus 600); sonst stdout
`;

export interface ExportArgs {
  tenant: string;
  /** The day as given, and its start in Berlin time. */
  sinceDate: string | undefined;
  since: Date | undefined;
  out: string | undefined;
}

export function parseExportArgs(argv: readonly string[]): ExportArgs | 'help' {
  const values = parseOptions(argv, {
    tenant: { type: 'string' },
    since: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (!values.tenant) throw new UsageError('--tenant fehlt.');
  if (values.out === '') throw new UsageError('--out braucht einen Dateinamen.');
  let since: Date | undefined;
  if (values.since !== undefined) {
    try {
      since = startOfBerlinDay(values.since);
    } catch {
      throw new UsageError(
        `--since erwartet ein Datum JJJJ-MM-TT, z. B. 2025-04-01 (nicht „${values.since}“).`,
      );
    }
  }
  return { tenant: values.tenant, sinceDate: values.since, since, out: values.out };
}

interface Output {
  write(chunk: string): unknown;
}

function cliActor(): Actor {
  let user = 'unbekannt';
  try {
    user = os.userInfo().username;
  } catch {
    // no user name (e.g. a container without passwd entry): keep the placeholder
  }
  return { userId: null, label: `Kommandozeile (${user})` };
}

/** Opens the output file before anything is read, so an unwritable path costs no export (and no event). */
function openOut(file: string): number {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    // An existing file keeps its mode on open; training data with insured people's texts is owner-only.
    if (fs.fstatSync(fd).isFile()) fs.fchmodSync(fd, 0o600);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return fd;
}

/** The command on an open, migrated database; `run` adds configuration and connection. */
export async function exportOverridesCommand(
  db: Db,
  args: ExportArgs,
  io: { stdout: Output; stderr: Output },
  actor: Actor = cliActor(),
): Promise<number> {
  const tenant = await findTenantBySlug(db, args.tenant);
  if (!tenant) {
    io.stderr.write(`${NAME}: Die Kasse „${args.tenant}“ ist hier nicht eingerichtet.\n`);
    return 2;
  }
  let fd: number | undefined;
  if (args.out !== undefined) {
    try {
      fd = openOut(args.out);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      io.stderr.write(`${NAME}: In die Datei ${args.out} lässt sich nicht schreiben (${why}).\n`);
      return 2;
    }
  }
  try {
    const overrides = await exportOverrides(db, tenant, actor, { since: args.since });
    const text = formatOverrides(overrides);
    if (fd === undefined) io.stdout.write(text);
    else fs.writeFileSync(fd, text);
    const n = overrides.length;
    io.stderr.write(
      `${n.toLocaleString('de-DE')} ${n === 1 ? 'Korrektur' : 'Korrekturen'} exportiert` +
        `${args.sinceDate ? ` (umklassifiziert ab ${args.sinceDate})` : ''}` +
        `${args.out !== undefined ? ` nach ${args.out}` : ''}.\n`,
    );
    return 0;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export async function run(argv: string[]): Promise<number> {
  let args: ExportArgs | 'help';
  try {
    args = parseExportArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${NAME}: ${err.message}\n\n${EXPORT_USAGE}`);
      return 2;
    }
    throw err;
  }
  if (args === 'help') {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  const config = loadConfigForCommand();
  if (!config) return 2;
  const handle = await openDatabase(config.database);
  try {
    await migrateToLatest(handle.db);
    return await exportOverridesCommand(handle.db, args, process);
  } catch (err) {
    const message = err instanceof AppError ? err.userMessage : (err as Error).message;
    process.stderr.write(`${NAME}: ${message}\n`);
    return 1;
  } finally {
    await handle.close();
  }
}
