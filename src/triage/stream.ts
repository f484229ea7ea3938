/**
 * JSON lines in, JSON lines out: one output line for every input line, in order. A bad line gets an
 * `error` object (with the id when it can be read) and processing goes on.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { CHANNELS, SENDER_KINDS, type Channel, type SenderKind } from '../shared/channels.js';
import type { Triage } from './triage.js';

export type LineErrorCode =
  'EMPTY_LINE' | 'INVALID_JSON' | 'INVALID_INPUT' | 'MISSING_TEXT' | 'INVALID_TEXT' | 'INTERNAL';

type Id = string | number;

function errorLine(id: Id | undefined, code: LineErrorCode, message: string): string {
  return JSON.stringify({ ...(id !== undefined ? { id } : {}), error: { code, message } });
}

/** Best effort: the id of a line that is not valid JSON, if it is written plainly. */
function salvageId(line: string): Id | undefined {
  const m = /"id"\s*:\s*(?:"((?:[^"\\]|\\.){0,200})"|(-?\d{1,15}))/.exec(line.slice(0, 4096));
  if (!m) return undefined;
  if (m[2] !== undefined) return Number(m[2]);
  try {
    return JSON.parse(`"${m[1] ?? ''}"`) as string;
  } catch {
    return undefined;
  }
}

/** Triage of one input line; never throws. */
export function triageLine(triage: Triage, line: string): string {
  if (!line.trim()) return errorLine(undefined, 'EMPTY_LINE', 'Leere Zeile.');
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return errorLine(salvageId(line), 'INVALID_JSON', 'Die Zeile ist kein gültiges JSON.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return errorLine(
      undefined,
      'INVALID_INPUT',
      'Erwartet wird ein JSON-Objekt {id, text, sender?, channel?}.',
    );
  }
  const obj = raw as Record<string, unknown>;
  const id =
    typeof obj.id === 'string' || (typeof obj.id === 'number' && Number.isFinite(obj.id))
      ? obj.id
      : undefined;
  if (!('text' in obj) || obj.text === undefined || obj.text === null) {
    return errorLine(id, 'MISSING_TEXT', 'Das Feld "text" fehlt.');
  }
  if (typeof obj.text !== 'string')
    return errorLine(id, 'INVALID_TEXT', 'Das Feld "text" muss eine Zeichenkette sein.');
  const sender = (SENDER_KINDS as readonly unknown[]).includes(obj.sender)
    ? (obj.sender as SenderKind)
    : undefined;
  const channel = (CHANNELS as readonly unknown[]).includes(obj.channel)
    ? (obj.channel as Channel)
    : undefined;
  const subject = typeof obj.subject === 'string' ? obj.subject : undefined;
  try {
    const r = triage.classify({ text: obj.text, subject, sender, channel });
    return JSON.stringify({
      ...(id !== undefined ? { id } : {}),
      topic: r.topic,
      priorityClass: r.priorityClass,
      confidence: r.confidence,
      reasons: r.reasons,
      language: r.language,
    });
  } catch (err) {
    return errorLine(
      id,
      'INTERNAL',
      `Triage fehlgeschlagen: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export interface StreamStats {
  lines: number;
  errors: number;
}

/**
 * Reads lines from `input` as they arrive and writes one answer per line, flushing after each burst of
 * input and pausing while the output is congested.
 */
export function triageStream(triage: Triage, input: Readable, output: Writable): Promise<StreamStats> {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input, crlfDelay: Infinity });
    const stats: StreamStats = { lines: 0, errors: 0 };
    let pending: string[] = [];
    let scheduled = false;
    let closed = false;
    let waitingForDrain = false;

    const flush = (): void => {
      scheduled = false;
      if (pending.length > 0) {
        const chunk = pending.join('');
        pending = [];
        if (!output.write(chunk) && !waitingForDrain) {
          waitingForDrain = true;
          rl.pause();
          output.once('drain', () => {
            waitingForDrain = false;
            if (!closed) rl.resume();
            else if (!scheduled) finish();
          });
        }
      }
      if (closed && !waitingForDrain) finish();
    };
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      resolve(stats);
    };

    rl.on('line', (line) => {
      const out = triageLine(triage, line);
      stats.lines++;
      if (out.startsWith('{"error":') || out.includes(',"error":{"code":')) stats.errors++;
      pending.push(`${out}\n`);
      if (pending.length >= 512) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
    rl.on('close', () => {
      closed = true;
      if (!scheduled) flush();
    });
    input.on('error', reject);
  });
}
