/**
 * One legacy row → a concern ready for intake, or the plain German reasons it cannot be taken in. Pure
 * (no database), so it runs wherever rows are prepared.
 */
import type { Actor } from '../../audit/audit.repository.js';
import { encodeConcerns, joinColumns, type NewConcern } from '../../concerns/concerns.repository.js';
import {
  prepareConcern,
  requestHash,
  triageInputOf,
  type IntakeInput,
} from '../../concerns/concerns.service.js';
import { subjectFromText } from '../../concerns/subject.js';
import { berlinOffsetMinutes } from '../../deadlines/index.js';
import { arrayElement } from '../../db/array-literal.js';
import { AppError } from '../../errors.js';
import {
  CHANNELS,
  SENDER_KINDS,
  parseChannel,
  parseSenderKind,
  type Channel,
  type SenderKind,
} from '../../shared/channels.js';
import type { Tenant } from '../../tenants/tenants.repository.js';
import type { Triage } from '../../triage/triage.js';
import type { RawRecord } from './parse.js';

export const MAX_TEXT = 50_000;
export const MAX_SUBJECT = 200;
export const MAX_EXTERNAL_ID = 200;

export type CheckedRow =
  | { ok: true; externalId: string; input: IntakeInput; contentHash: string }
  | { ok: false; externalId: string | null; reason: string };

// ---------------------------------------------------------------------------------------------------------
// Receipt times

const ISO_ZONED =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*Uhr)?$/i;

function validCalendar(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** A Berlin wall-clock time as an instant (in the spring gap the clock is read as winter time). */
export function berlinLocal(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date {
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const guess = berlinOffsetMinutes(new Date(local - 3_600_000)) * 60_000;
  let utc = local - guess;
  const actual = berlinOffsetMinutes(new Date(utc)) * 60_000;
  if (actual !== guess) utc = local - actual;
  return new Date(utc);
}

/**
 * ISO 8601 with offset or `Z` as given; ISO without offset, and German `DD.MM.YYYY HH:MM[:SS]`, as Berlin
 * local time; a date alone as 00:00 Berlin time. Returns null when the text is no valid point in time.
 */
export function parseReceivedAt(text: string): Date | null {
  const t = text.trim();
  const zoned = ISO_ZONED.exec(t);
  if (zoned) {
    const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((k) => Number(zoned[k] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (!validCalendar(y, mo, d, h, mi, sec)) return null;
    const date = new Date(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isFinite(date.getTime()) ? date : null;
  }
  let parts: number[] | null = null;
  const iso = ISO_LOCAL.exec(t);
  if (iso) parts = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]].map((v) => Number(v ?? 0));
  const de = GERMAN.exec(t);
  if (de) parts = [de[3], de[2], de[1], de[4], de[5], de[6]].map((v) => Number(v ?? 0));
  if (!parts) return null;
  const [y, mo, d, h, mi, s] = parts as [number, number, number, number, number, number];
  if (!validCalendar(y, mo, d, h, mi, s)) return null;
  return berlinLocal(y, mo, d, h, mi, s);
}

// ---------------------------------------------------------------------------------------------------------
// Fields

/** As on the intake form: line breaks unified, control characters dropped, outer space trimmed. */
export function cleanText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim();
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9 +()/-]*$/;

function str(fields: Record<string, unknown>, name: string, problems: string[]): string {
  const v = fields[name];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  problems.push(`Das Feld „${name}“ muss Text sein.`);
  return '';
}

const FIELD_LABEL: Record<string, string> = {
  'sender.kvnr': 'KVNR',
  'sender.ik': 'IK',
  'sender.betriebsnummer': 'Betriebsnummer',
  receivedAt: 'Eingang',
};

/** Checks the fields of one record; does not triage. */
export function checkRow(record: RawRecord, ctx: { source: string; now: Date }): CheckedRow {
  if (record.error || !record.fields) {
    return {
      ok: false,
      externalId: record.externalId ?? null,
      reason: record.error ?? 'Der Datensatz ist nicht lesbar.',
    };
  }
  const f = record.fields;
  const problems: string[] = [];
  const externalId = str(f, 'externalId', problems).trim();
  if (!externalId) problems.push('Pflichtfeld „externalId“ fehlt.');
  else if (externalId.length > MAX_EXTERNAL_ID)
    problems.push(`„externalId“ ist länger als ${MAX_EXTERNAL_ID} Zeichen.`);

  const receivedText = str(f, 'receivedAt', problems).trim();
  let receivedAt: Date | null = null;
  if (!receivedText) problems.push('Pflichtfeld „receivedAt“ (Eingangszeitpunkt) fehlt.');
  else {
    receivedAt = parseReceivedAt(receivedText);
    if (!receivedAt)
      problems.push(`Der Eingangszeitpunkt „${cut(receivedText, 40)}“ ist kein gültiges Datum.`);
    else if (receivedAt.getTime() > ctx.now.getTime() + 60_000)
      problems.push(`Der Eingangszeitpunkt „${cut(receivedText, 40)}“ liegt in der Zukunft.`);
  }

  // Codes, German labels and common other names ("Brief", "Fax", "Telefon", "Arbeitgeber") are understood.
  const channelText = str(f, 'channel', problems).trim();
  const channel: Channel | undefined = channelText ? parseChannel(channelText) : 'letter';
  if (!channel)
    problems.push(`Unbekannter Kanal „${cut(channelText, 30)}“ (erlaubt: ${CHANNELS.join(', ')}).`);

  const kindText = str(f, 'senderKind', problems).trim();
  const kind: SenderKind | undefined = kindText ? parseSenderKind(kindText) : 'insured';
  if (!kind)
    problems.push(`Unbekannte Absenderart „${cut(kindText, 30)}“ (erlaubt: ${SENDER_KINDS.join(', ')}).`);

  const name = str(f, 'senderName', problems).trim();
  if (name.length > 200) problems.push('Der Name ist länger als 200 Zeichen.');
  const email = str(f, 'email', problems).trim();
  if (email && (email.length > 254 || !EMAIL.test(email))) problems.push('Die E-Mail-Adresse ist ungültig.');
  const phone = str(f, 'phone', problems).trim();
  if (phone && (phone.length > 40 || !PHONE.test(phone)))
    problems.push('Die Telefonnummer darf nur Ziffern, Leerzeichen und + ( ) / - enthalten.');
  const kvnr = str(f, 'kvnr', problems).trim();
  const ik = str(f, 'ik', problems).trim();
  const betriebsnummer = str(f, 'betriebsnummer', problems).trim();
  for (const [label, v] of [
    ['KVNR', kvnr],
    ['IK', ik],
    ['Betriebsnummer', betriebsnummer],
  ] as const) {
    if (v.length > 20) problems.push(`${label} ist länger als 20 Zeichen.`);
  }

  const text = cleanText(str(f, 'text', problems));
  if (!text) problems.push('Pflichtfeld „text“ fehlt.');
  else if (text.length > MAX_TEXT)
    problems.push(
      `Der Text ist zu lang (${text.length.toLocaleString('de-DE')} Zeichen, höchstens ${MAX_TEXT.toLocaleString('de-DE')}).`,
    );
  const subject = cut(cleanText(str(f, 'subject', problems)), MAX_SUBJECT) || subjectFromText(text);

  if (problems.length || !receivedAt || !channel || !kind) {
    return { ok: false, externalId: externalId || null, reason: problems.join(' ') };
  }
  const input: IntakeInput = {
    channel,
    sender: {
      kind,
      name: name || undefined,
      email: email || undefined,
      phone: phone || undefined,
      kvnr: kvnr || undefined,
      ik: ik || undefined,
      betriebsnummer: betriebsnummer || undefined,
    },
    subject,
    text,
    receivedAt,
    receivedAtNote: `Aus Altbestand importiert (Quelle ${ctx.source}, Zeile ${record.line})`,
  };
  return { ok: true, externalId, input, contentHash: contentHash(input) };
}

/** What a row says, independent of file format and position: two rows with the same hash are the same. */
export function contentHash(input: IntakeInput): string {
  return requestHash(input).slice(0, 32);
}

/** Where a row that passed the checks came from, and what identifies it. */
interface AcceptedRow {
  ok: true;
  row: number;
  line: number;
  externalId: string;
  contentHash: string;
  raw: string;
}

/** A row that cannot be taken in, with the reasons. */
export interface RejectedRow {
  ok: false;
  row: number;
  line: number;
  externalId: string | null;
  reason: string;
  raw: string;
}

export type PreparedRow =
  | (AcceptedRow & {
      /** Ready to store; the triage result is in its fields (topic, class, reasons, …). */
      concern: NewConcern;
    })
  | RejectedRow;

export interface PrepareRowContext {
  tenant: Tenant;
  source: string;
  triage: Triage;
  actor: Actor;
  now: Date;
  pBarHours?: number;
}

/**
 * Checks, triages and times records: everything about them that needs no database. The rows that pass
 * the checks are triaged as one batch.
 */
export function prepareRows(records: readonly RawRecord[], ctx: PrepareRowContext): PreparedRow[] {
  const checked = records.map((record) => checkRow(record, ctx));
  const passed = checked.flatMap((c) => (c.ok ? [c] : []));
  const results = ctx.triage.classifyMany(passed.map(({ input }) => triageInputOf(input)));
  let next = 0;
  return records.map((record, i) => {
    const c = checked[i]!;
    const at = { row: record.row, line: record.line, raw: record.raw };
    if (!c.ok) return { ok: false, ...at, externalId: c.externalId, reason: c.reason };
    const triaged = results[next++]!;
    try {
      const { triage: _, ...concern } = prepareConcern(
        ctx.tenant,
        c.input,
        triaged,
        ctx.actor,
        ctx.now,
        null,
        ctx.pBarHours,
      );
      return { ok: true, ...at, externalId: c.externalId, contentHash: c.contentHash, concern };
    } catch (err) {
      if (err instanceof AppError && err.fields?.length) {
        const reason = err.fields.map((x) => `${FIELD_LABEL[x.field] ?? x.field}: ${x.message}`).join(' ');
        return { ok: false, ...at, externalId: c.externalId, reason };
      }
      throw err;
    }
  });
}

/** A prepared row as the import stores it: where it came from and what it needs to be written. */
export type ImportRow =
  | (AcceptedRow & {
      /** The concern's id, drawn where it is encoded. */
      id: string;
      topic: string;
      reference: string;
    })
  | RejectedRow;

/**
 * Prepared rows encoded for storing: the concerns of the accepted rows (in row order) as bulk-insert
 * columns, and their audit events' `after` (without the reference, which the database adds) and reason as
 * array elements joined by commas. Parts prepared side by side join with joinBatches, so the thread that
 * writes to the database only concatenates a few long strings.
 */
export interface EncodedBatch {
  rows: ImportRow[];
  concerns: string[];
  after: string;
  reasons: string;
}

/** Encodes prepared rows for storing; pure, so it runs in the workers. */
export function encodeRows(rows: readonly PreparedRow[], job: { id: string; source: string }): EncodedBatch {
  const accepted = rows.flatMap((r) => (r.ok ? [r] : []));
  const { ids, columns } = encodeConcerns(accepted.map((r) => r.concern));
  const after: string[] = [];
  const reasons: string[] = [];
  let next = 0;
  const out = rows.map((r): ImportRow => {
    if (!r.ok) return r;
    const c = r.concern;
    after.push(
      arrayElement(
        JSON.stringify({
          channel: c.channel,
          topic: c.topic,
          priorityClass: c.priorityClass,
          receivedAt: c.receivedAt.toISOString(),
          receivedAtSource: c.receivedAtSource,
          triageVersion: c.triageVersion,
          importId: job.id,
          source: job.source,
          externalId: r.externalId,
          row: r.row,
          line: r.line,
        }),
      ),
    );
    reasons.push(arrayElement(c.receivedAtNote));
    return {
      ok: true,
      row: r.row,
      line: r.line,
      externalId: r.externalId,
      contentHash: r.contentHash,
      raw: r.raw,
      id: ids[next++]!,
      topic: c.topic,
      reference: c.reference,
    };
  });
  return { rows: out, concerns: columns, after: after.join(','), reasons: reasons.join(',') };
}

/** Batches prepared side by side (consecutive parts of one batch of records), as one. */
export function joinBatches(parts: readonly EncodedBatch[]): EncodedBatch {
  if (parts.length === 1) return parts[0]!;
  const [after, reasons, ...concerns] = joinColumns(parts.map((p) => [p.after, p.reasons, ...p.concerns]));
  return { rows: parts.flatMap((p) => p.rows), concerns, after: after!, reasons: reasons! };
}
