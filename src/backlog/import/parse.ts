/**
 * Streaming readers for legacy backlog files: CSV (`;` or `,`, RFC 4180 quoting with embedded line
 * breaks, optional UTF-8 BOM) and JSON Lines. They work on bytes, so every record knows the byte offset
 * just after it: an import commits that offset with its batch and resumes from there after a crash.
 *
 * Scanning bytes is safe for UTF-8: the structural characters (quote, separators, CR, LF) are ASCII and
 * never occur inside a multi-byte sequence. Fields are decoded only once a record is complete.
 *
 * Invalid UTF-8 (e.g. a file saved as Latin-1 or Windows-1252) would decode to U+FFFD replacement
 * characters; each record's bytes are checked instead (isUtf8, a native SIMD scan) and a record that is
 * not UTF-8 is rejected with the fields it concerns.
 */
import { isUtf8 } from 'node:buffer';

export type ImportFormat = 'csv' | 'jsonl';

/** The fields a row may carry; anything else in a file is ignored. */
export const IMPORT_FIELDS = [
  'externalId',
  'receivedAt',
  'channel',
  'senderKind',
  'senderName',
  'email',
  'phone',
  'kvnr',
  'ik',
  'betriebsnummer',
  'subject',
  'text',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_COLUMNS: readonly ImportField[] = ['externalId', 'receivedAt', 'text'];

/** One record of the file, parsed but not yet validated. */
export interface RawRecord {
  /** Data record number, 1-based (the CSV header does not count). */
  row: number;
  /** Physical line of the file where the record starts, 1-based (the CSV header is line 1). */
  line: number;
  /** Byte offset just after the record and its line break. */
  endOffset: number;
  /** Line breaks consumed up to endOffset (the line count a resumed read starts from). */
  endLine: number;
  /** The record's text as read, cut to RAW_MAX_BYTES, for the rejection list. */
  raw: string;
  fields: Record<string, unknown> | null;
  /** Set when the record cannot be read at all (malformed CSV, invalid JSON); fields is then null. */
  error: string | null;
  /** With an error: the record's externalId when it could still be read, for the rejection list. */
  externalId?: string | null;
}

export interface CsvHeader {
  delimiter: ';' | ',';
  /** Field name per column, or null for a column that is not imported. */
  columns: (ImportField | null)[];
  ignored: string[];
}

/** A problem with the file as a whole (e.g. a header without required columns): nothing can be imported. */
export class ImportFileError extends Error {}

export const RAW_MAX_BYTES = 2_000;
/** A record longer than this is broken (the text alone may have 50,000 characters). */
export const MAX_RECORD_BYTES = 1024 * 1024;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SEMICOLON = 0x3b;
const COMMA = 0x2c;

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}
const FIELD_BY_NAME = new Map<string, ImportField>(IMPORT_FIELDS.map((f) => [normalizeName(f), f]));

export function headerFromNames(names: string[], delimiter: ';' | ','): CsvHeader {
  const columns: (ImportField | null)[] = [];
  const ignored: string[] = [];
  const seen = new Set<ImportField>();
  for (const n of names) {
    const f = FIELD_BY_NAME.get(normalizeName(n.replace(/^\uFEFF/, '')));
    if (f && seen.has(f)) throw new ImportFileError(`Die Spalte „${f}“ steht zweimal in der Kopfzeile.`);
    if (f) seen.add(f);
    else if (n.trim()) ignored.push(n.trim());
    columns.push(f ?? null);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length) {
    throw new ImportFileError(
      `Der Kopfzeile fehlen die Pflichtspalten ${missing.map((m) => `„${m}“`).join(', ')}.`,
    );
  }
  return { delimiter, columns, ignored };
}

/** Keeps up to RAW_MAX_BYTES of a record; the cut may split a character, which shows as U+FFFD. */
function rawText(buf: Buffer, start: number, end: number): string {
  let e = end;
  while (e > start && (buf[e - 1] === LF || buf[e - 1] === CR)) e--;
  const cut = Math.min(e, start + RAW_MAX_BYTES);
  return buf.toString('utf8', start, cut) + (cut < e ? ' …' : '');
}

const MAX_ID_LENGTH = 200;

/** An externalId read from a record that cannot be imported, when it looks like one. */
function readableId(v: unknown): string | null {
  const id = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
  return id && id.length <= MAX_ID_LENGTH && !id.includes('\uFFFD') ? id : null;
}

const NOT_UTF8 =
  'vermutlich wurde die Datei als Latin-1 oder Windows-1252 gespeichert. Bitte die Datei als UTF-8 speichern.';

/** The reason for a record that is not valid UTF-8, naming the fields with undecodable bytes. */
function notUtf8Reason(fields: readonly string[], names: readonly (string | null)[]): string {
  const bad = fields.flatMap((f, k) =>
    f.includes('\uFFFD') ? [names[k] ? `„${names[k]}“` : `Spalte ${k + 1}`] : [],
  );
  if (!bad.length) return `Die Zeile ist nicht in UTF-8 kodiert; ${NOT_UTF8}`;
  const which = bad.length === 1 ? `Feld ${bad[0]}` : `Felder ${bad.join(', ')}`;
  const what = bad.length === 1 && bad[0] === '„text“' ? 'Der Text ist' : 'Die Zeile ist';
  return `${what} nicht in UTF-8 kodiert (${which}); ${NOT_UTF8}`;
}

function countLf(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(LF, start); i !== -1 && i < end; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/** Where a record that cannot be parsed ends: at the first line break after its start (or the end). */
function resyncEnd(buf: Buffer, start: number): number {
  const lf = buf.indexOf(LF, start);
  return lf === -1 ? buf.length : lf + 1;
}

type Scan =
  | { kind: 'more' }
  | { kind: 'record'; end: number; fields: string[]; quoted: boolean }
  | { kind: 'error'; end: number; reason: string };

/**
 * Scans one CSV record starting at `pos`. Returns `more` when the buffer ends before the record does and
 * more input may follow.
 */
function scanCsvRecord(buf: Buffer, pos: number, delim: number, eof: boolean): Scan {
  const fields: string[] = [];
  let quotedAny = false;
  let i = pos;
  const len = buf.length;
  for (;;) {
    if (i < len && buf[i] === QUOTE) {
      quotedAny = true;
      const start = i + 1;
      let j = start;
      let escaped = false;
      for (;;) {
        const q = buf.indexOf(QUOTE, j);
        if (q === -1) {
          if (!eof) return { kind: 'more' };
          return {
            kind: 'error',
            end: resyncEnd(buf, pos),
            reason: 'Anführungszeichen wird nicht geschlossen.',
          };
        }
        if (q + 1 >= len && !eof) return { kind: 'more' };
        if (buf[q + 1] === QUOTE) {
          escaped = true;
          j = q + 2;
          continue;
        }
        j = q;
        break;
      }
      const value = buf.toString('utf8', start, j);
      fields.push(escaped ? value.replaceAll('""', '"') : value);
      i = j + 1;
      if (i >= len) return { kind: 'record', end: len, fields, quoted: quotedAny };
      const c = buf[i];
      if (c === delim) {
        i++;
        continue;
      }
      if (c === LF) return { kind: 'record', end: i + 1, fields, quoted: quotedAny };
      if (c === CR) {
        if (i + 1 >= len && !eof) return { kind: 'more' };
        if (i + 1 >= len) return { kind: 'record', end: len, fields, quoted: quotedAny };
        return { kind: 'record', end: buf[i + 1] === LF ? i + 2 : i + 1, fields, quoted: quotedAny };
      }
      return {
        kind: 'error',
        end: resyncEnd(buf, i),
        reason: 'Nach einem schließenden Anführungszeichen folgt kein Trennzeichen.',
      };
    }
    // Unquoted field: up to the separator or the line break.
    let j = i;
    while (j < len) {
      const c = buf[j];
      if (c === delim || c === LF || c === CR) break;
      j++;
    }
    if (j >= len && !eof) return { kind: 'more' };
    fields.push(buf.toString('utf8', i, j));
    if (j >= len) return { kind: 'record', end: len, fields, quoted: quotedAny };
    const c = buf[j];
    if (c === delim) {
      i = j + 1;
      continue;
    }
    if (c === LF) return { kind: 'record', end: j + 1, fields, quoted: quotedAny };
    // CR: alone (old Mac) or as CRLF
    if (j + 1 >= len && !eof) return { kind: 'more' };
    return { kind: 'record', end: buf[j + 1] === LF ? j + 2 : j + 1, fields, quoted: quotedAny };
  }
}

function detectDelimiter(buf: Buffer, start: number, end: number): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let inQuotes = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && c === SEMICOLON) semi++;
    else if (!inQuotes && c === COMMA) comma++;
  }
  return semi >= comma && semi > 0 ? ';' : ',';
}

export interface ReadOptions {
  format: ImportFormat;
  /** Byte offset the chunks start at (0, or the committed offset when resuming). */
  startOffset?: number;
  /** Records and lines already consumed before startOffset. */
  startRow?: number;
  startLine?: number;
  /** For CSV from an offset > 0: the header read earlier. */
  header?: CsvHeader | null;
  /** Called once the CSV header is known. */
  onHeader?: (header: CsvHeader) => void;
}

/**
 * Yields the records of a byte stream one by one. Memory holds at most one chunk plus one incomplete
 * record (bounded by MAX_RECORD_BYTES).
 */
export async function* readRecords(
  chunks: AsyncIterable<Buffer | string>,
  opts: ReadOptions,
): AsyncGenerator<RawRecord> {
  let header = opts.header ?? null;
  if (opts.format === 'csv' && (opts.startOffset ?? 0) > 0 && !header) {
    throw new Error('resuming a CSV import needs its header');
  }
  let base = opts.startOffset ?? 0; // absolute offset of buf[0]
  let row = opts.startRow ?? 0;
  let line = opts.startLine ?? 0; // lines fully consumed
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let atStart = base === 0;
  let discarding = false; // skipping an over-long record up to the next line break

  const iterator = chunks[Symbol.asyncIterator]();
  let eof = false;
  while (!eof || pos < buf.length) {
    if (!eof) {
      const next = await iterator.next();
      if (next.done) eof = true;
      else {
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), chunk]) : chunk;
        base += pos;
        pos = 0;
      }
    }
    if (atStart) {
      if (buf.length < 3 && !eof) continue;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      atStart = false;
    }
    // Records in the buffer
    for (;;) {
      if (pos >= buf.length) break;
      if (discarding) {
        const lf = buf.indexOf(LF, pos);
        if (lf === -1) {
          pos = buf.length;
          break;
        }
        pos = lf + 1;
        line++;
        discarding = false;
        continue;
      }
      if (opts.format === 'jsonl') {
        const lf = buf.indexOf(LF, pos);
        if (lf === -1 && !eof) {
          if (buf.length - pos > MAX_RECORD_BYTES) {
            row++;
            yield {
              row,
              line: line + 1,
              endOffset: base + buf.length,
              endLine: line,
              raw: rawText(buf, pos, buf.length),
              fields: null,
              error: 'Die Zeile ist zu lang.',
            };
            pos = buf.length;
            discarding = true;
          }
          break;
        }
        const end = lf === -1 ? buf.length : lf + 1;
        const text = buf.toString('utf8', pos, end).replace(/\r?\n$/, '');
        const startLine = line + 1;
        line++;
        const start = pos;
        pos = end;
        if (!text.trim()) continue;
        row++;
        let fields: Record<string, unknown> | null = null;
        let error: string | null = null;
        try {
          const v: unknown = JSON.parse(text);
          if (v && typeof v === 'object' && !Array.isArray(v)) fields = v as Record<string, unknown>;
          else error = 'Die JSON-Zeile ist kein Objekt.';
        } catch {
          error = 'Die Zeile ist kein gültiges JSON.';
        }
        let externalId: string | null = null;
        if (!error && !isUtf8(buf.subarray(start, end))) {
          const keys = Object.keys(fields!);
          const values = keys.map((k) => (typeof fields![k] === 'string' ? (fields![k] as string) : ''));
          error = notUtf8Reason(values, keys);
          externalId = readableId(fields!.externalId);
          fields = null;
        }
        yield {
          row,
          line: startLine,
          endOffset: base + end,
          endLine: line,
          raw: rawText(buf, start, end),
          fields,
          error,
          ...(externalId !== null && { externalId }),
        };
        continue;
      }

      // CSV
      const delim = header ? (header.delimiter === ';' ? SEMICOLON : COMMA) : -1;
      if (!header) {
        // The header: delimiter from its first line, then scan it like any record.
        const firstLf = buf.indexOf(LF, pos);
        if (firstLf === -1 && !eof) {
          if (buf.length - pos > MAX_RECORD_BYTES) throw new ImportFileError('Die Kopfzeile ist zu lang.');
          break;
        }
        const d = detectDelimiter(buf, pos, firstLf === -1 ? buf.length : firstLf);
        const scan = scanCsvRecord(buf, pos, d === ';' ? SEMICOLON : COMMA, eof);
        if (scan.kind === 'more') break;
        if (scan.kind === 'error') throw new ImportFileError(`Die Kopfzeile ist fehlerhaft: ${scan.reason}`);
        header = headerFromNames(scan.fields, d);
        opts.onHeader?.(header);
        line += countLf(buf, pos, scan.end);
        pos = scan.end;
        continue;
      }
      const scan = scanCsvRecord(buf, pos, delim, eof);
      if (scan.kind === 'more') {
        if (buf.length - pos > MAX_RECORD_BYTES) {
          // No sane record is this long: most likely an opening quote without its closing one.
          const end = resyncEnd(buf, pos);
          row++;
          const startLine = line + 1;
          line += countLf(buf, pos, end);
          yield {
            row,
            line: startLine,
            endOffset: base + end,
            endLine: line,
            raw: rawText(buf, pos, end),
            fields: null,
            error: 'Der Datensatz ist zu lang oder ein Anführungszeichen wird nicht geschlossen.',
          };
          if (end === buf.length && buf[end - 1] !== LF) discarding = true;
          pos = end;
          continue;
        }
        break;
      }
      const startLine = line + 1;
      line += countLf(buf, pos, scan.end);
      if (scan.kind === 'record' && !scan.quoted && scan.fields.length === 1 && !scan.fields[0]!.trim()) {
        pos = scan.end; // blank line
        continue;
      }
      row++;
      const raw = rawText(buf, pos, scan.end);
      const start = pos;
      pos = scan.end;
      if (scan.kind === 'error') {
        yield {
          row,
          line: startLine,
          endOffset: base + scan.end,
          endLine: line,
          raw,
          fields: null,
          error: scan.reason,
        };
        continue;
      }
      const cols = header.columns;
      const extra = scan.fields.slice(cols.length);
      const wrongCount = scan.fields.length < cols.length || extra.some((f) => f.trim() !== '');
      if (wrongCount || !isUtf8(buf.subarray(start, scan.end))) {
        const externalId = readableId(scan.fields[cols.indexOf('externalId')]);
        yield {
          row,
          line: startLine,
          endOffset: base + scan.end,
          endLine: line,
          raw,
          fields: null,
          error: wrongCount
            ? `Die Zeile hat ${scan.fields.length} statt ${cols.length} Felder.`
            : notUtf8Reason(scan.fields, cols),
          ...(externalId !== null && { externalId }),
        };
        continue;
      }
      const fields: Record<string, unknown> = {};
      cols.forEach((c, k) => {
        if (c) fields[c] = scan.fields[k];
      });
      yield { row, line: startLine, endOffset: base + scan.end, endLine: line, raw, fields, error: null };
    }
    if (eof && pos >= buf.length) break;
  }
  if (opts.format === 'csv' && !header) throw new ImportFileError('Die Datei ist leer (keine Kopfzeile).');
}
