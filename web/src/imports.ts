/**
 * What the import page needs besides the API: the file format from the file name, readable sizes and the
 * figures behind the progress bar. Pure functions, no React.
 */
import type { ImportFormat, ImportJob } from './api.js';

/** The server's limit for one upload (200 MiB); larger files are refused before they are sent. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** The format by file extension: .csv is CSV, .jsonl and .ndjson are JSON Lines; anything else is null. */
export function importFormatOf(fileName: string): ImportFormat | null {
  const m = /\.([a-z0-9]+)$/i.exec(fileName.trim());
  const ext = m?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  return null;
}

export const FORMAT_LABEL: Record<ImportFormat, string> = {
  csv: 'CSV',
  jsonl: 'JSON Lines',
};

const oneDecimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('de-DE');

/** 512 Byte, 12,3 kB, 4,5 MB (binary units, as the upload limit). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${whole.format(bytes)} Byte`;
  if (bytes < 1024 * 1024) return `${oneDecimal.format(bytes / 1024)} kB`;
  return `${oneDecimal.format(bytes / (1024 * 1024))} MB`;
}

export interface ProgressFigures {
  /** undefined: indeterminate (the server has not said how much there is). */
  value: number | undefined;
  max: number;
  /** Whole percent, or null when indeterminate. */
  percent: number | null;
  /** What the bar stands for, in words (also its aria-valuetext). */
  text: string;
}

/**
 * While a job runs the number of rows is unknown, so the bar follows the bytes read of the file; once it
 * is done it shows rows processed against the rows of the file (which then agree).
 */
export function progressOf(job: ImportJob): ProgressFigures {
  if (job.status === 'done' && job.totalRows !== null) {
    const rows = job.totalRows;
    const text =
      rows === 1
        ? '1 von 1 Zeile verarbeitet'
        : `${whole.format(job.processedRows)} von ${whole.format(rows)} Zeilen verarbeitet`;
    // A file with a header and no rows is finished too; a bar needs a maximum above 0.
    return rows > 0
      ? { value: job.processedRows, max: rows, percent: 100, text }
      : { value: 1, max: 1, percent: 100, text };
  }
  if (job.bytesTotal && job.bytesTotal > 0) {
    const read = Math.min(job.bytesRead, job.bytesTotal);
    const percent = Math.floor((read / job.bytesTotal) * 100);
    return {
      value: read,
      max: job.bytesTotal,
      percent,
      text: `${percent} % der Datei gelesen (${formatBytes(read)} von ${formatBytes(job.bytesTotal)})`,
    };
  }
  return { value: undefined, max: 1, percent: null, text: 'Umfang noch unbekannt' };
}

/** A file's columns (CSV) or fields (JSON Lines), as the server reads them. */
export interface ImportColumn {
  name: string;
  required: boolean;
  meaning: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { name: 'externalId', required: true, meaning: 'Kennung im Altsystem; je Quelle eindeutig.' },
  {
    name: 'receivedAt',
    required: true,
    meaning:
      'Ursprünglicher Eingang, z. B. 03.04.2023 08:30, 03.04.2023 oder 2023-04-03T08:30:00+02:00; ohne Zeitzone gilt deutsche Zeit.',
  },
  { name: 'text', required: true, meaning: 'Inhalt des Anliegens (höchstens 50.000 Zeichen).' },
  {
    name: 'subject',
    required: false,
    meaning: 'Betreff; fehlt er, gilt die erste Zeile des Textes, die keine Anrede ist.',
  },
  {
    name: 'channel',
    required: false,
    meaning:
      'letter (Standard), email, web, phone_note, chat, api oder edge; auch deutsche Namen wie Brief, Fax, E-Mail, Telefon, Portal.',
  },
  {
    name: 'senderKind',
    required: false,
    meaning:
      'insured (Standard), relative, employer oder provider; auch Versicherte, Angehörige, Arbeitgeber, Leistungserbringer, Krankenhaus, Praxis.',
  },
  {
    name: 'senderName, email, phone',
    required: false,
    meaning: 'Name und Kontakt des Absenders.',
  },
  {
    name: 'kvnr, ik, betriebsnummer',
    required: false,
    meaning: 'Kennzeichen; sie werden mit ihrer Prüfziffer geprüft.',
  },
];

export const EXAMPLE_CSV = [
  'externalId;receivedAt;channel;senderKind;senderName;subject;text',
  'ALT-1001;03.04.2023 08:30;letter;insured;Erika Mustermann;Krankengeld;"Seit drei Wochen ist kein Krankengeld gekommen; die Miete ist fällig."',
  'ALT-1002;2023-04-05T14:00:00+02:00;phone_note;relative;Hans Muster;;Meine Mutter wird morgen aus der Klinik entlassen und braucht ein Pflegebett.',
  '',
].join('\n');

export const EXAMPLE_JSONL = [
  '{"externalId":"ALT-1003","receivedAt":"2023-04-03T08:30:00Z","channel":"email","text":"Ich möchte meine neue Adresse mitteilen."}',
  '{"externalId":"ALT-1004","receivedAt":"04.04.2023","senderKind":"employer","text":"Bitte schicken Sie eine Mitgliedsbescheinigung."}',
  '',
].join('\n');

/** The example as a download link target (no request to the server). */
export function exampleHref(text: string, mediaType: string): string {
  return `data:${mediaType};charset=utf-8,${encodeURIComponent(text)}`;
}
