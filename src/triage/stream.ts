/**
 * JSON lines in, JSON lines out: one output line for every input line, in order. A bad line gets an
 * `error` object (with the id when it can be read) and processing goes on. Lines end at LF only (a CR
 * right before it is dropped); a lone CR is part of the line, as it is JSON whitespace.
 */
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parseChannel, parseSenderKind } from '../shared/channels.js';
import type { Triage, TriageInput, TriageResult } from './triage.js';

export type LineErrorCode =
  | 'EMPTY_LINE'
  | 'INVALID_JSON'
  | 'INVALID_INPUT'
  | 'MISSING_ID'
  | 'INVALID_ID'
  | 'MISSING_TEXT'
  | 'INVALID_TEXT'
  | 'INTERNAL';

type Id = string | number;

function errorLine(id: Id | undefined, code: LineErrorCode, message: string): string {
  return JSON.stringify({ ...(id !== undefined ? { id } : {}), error: { code, message } });
}

/** Best effort: the id of a line that is not valid JSON, if it is written plainly. */
function salvageId(line: string): Id | undefined {
  // A number only when it is a whole safe integer: not the first digits of a longer one, nor of 1.5.
  const m = /"id"\s*:\s*(?:"((?:[^"\\]|\\.){0,200})"|(-?\d{1,15})(?![\d.eE]))/.exec(line.slice(0, 4096));
  if (!m) return undefined;
  if (m[2] !== undefined) return Number(m[2]);
  try {
    return JSON.parse(`"${m[1] ?? ''}"`) as string;
  } catch {
    return undefined;
  }
}

type Parsed = { answer: string } | { id: Id | undefined; input: TriageInput };

/** Reads one input line: the triage input, or the error line to answer with. */
function parseLine(line: string): Parsed {
  if (!line.trim()) return { answer: errorLine(undefined, 'EMPTY_LINE', 'Leere Zeile.') };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { answer: errorLine(salvageId(line), 'INVALID_JSON', 'Die Zeile ist kein gültiges JSON.') };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      answer: errorLine(
        undefined,
        'INVALID_INPUT',
        'Erwartet wird ein JSON-Objekt {id, text, sender?, channel?}.',
      ),
    };
  }
  const obj = raw as Record<string, unknown>;
  const id = obj.id;
  if (id === undefined || id === null) {
    return { answer: errorLine(undefined, 'MISSING_ID', 'Das Feld "id" fehlt.') };
  }
  if (
    typeof id === 'number' &&
    (!Number.isFinite(id) || (Number.isInteger(id) && !Number.isSafeInteger(id)))
  ) {
    // JSON.parse has already rounded it: echoing it would hand back a different id.
    return {
      answer: errorLine(
        undefined,
        'INVALID_ID',
        `Die Zahl im Feld "id" ist zu groß, um sie unverändert zurückzugeben (über ${Number.MAX_SAFE_INTEGER}); bitte als Zeichenkette senden, z. B. "id":"12345678901234567890".`,
      ),
    };
  }
  if (typeof id !== 'string' && typeof id !== 'number') {
    return {
      answer: errorLine(undefined, 'INVALID_ID', 'Das Feld "id" muss eine Zeichenkette oder eine Zahl sein.'),
    };
  }
  if (!('text' in obj) || obj.text === undefined || obj.text === null) {
    return { answer: errorLine(id, 'MISSING_TEXT', 'Das Feld "text" fehlt.') };
  }
  if (typeof obj.text !== 'string')
    return { answer: errorLine(id, 'INVALID_TEXT', 'Das Feld "text" muss eine Zeichenkette sein.') };
  const sender = parseSenderKind(obj.sender);
  const channel = parseChannel(obj.channel);
  const subject = typeof obj.subject === 'string' ? obj.subject : undefined;
  return { id, input: { text: obj.text, subject, sender, channel } };
}

function answer(id: Id | undefined, r: TriageResult): string {
  return JSON.stringify({
    ...(id !== undefined ? { id } : {}),
    topic: r.topic,
    priorityClass: r.priorityClass,
    confidence: r.confidence,
    reasons: r.reasons,
    language: r.language,
  });
}

function failed(id: Id | undefined, err: unknown): string {
  return errorLine(
    id,
    'INTERNAL',
    `Triage fehlgeschlagen: ${err instanceof Error ? err.message : String(err)}`,
  );
}

/**
 * Triage of input lines, one answer line each, in order; never throws. The valid lines are triaged as one
 * batch (cheaper per message); should that fail, each is tried alone so only its own line reports it.
 */
export function triageLines(triage: Triage, lines: readonly string[]): string[] {
  const parsed = lines.map(parseLine);
  const valid = parsed.flatMap((p) => ('input' in p ? [p] : []));
  let results: (TriageResult | null)[];
  try {
    results = triage.classifyMany(valid.map((p) => p.input));
  } catch {
    results = valid.map(() => null);
  }
  let next = 0;
  return parsed.map((p) => {
    if ('answer' in p) return p.answer;
    const r = results[next++];
    if (r) return answer(p.id, r);
    try {
      return answer(p.id, triage.classify(p.input));
    } catch (err) {
      return failed(p.id, err);
    }
  });
}

/** Triage of one input line; never throws. */
export function triageLine(triage: Triage, line: string): string {
  return triageLines(triage, [line])[0]!;
}

/** Lines triaged together at most (and answered together). */
export const BURST = 512;

export interface StreamStats {
  lines: number;
  errors: number;
}

/**
 * Reads lines from `input` as they arrive and writes one answer per line: each burst of input is triaged
 * as one batch and flushed, and reading pauses while the output is congested. Lines are split at LF only
 * (not with node:readline, which also breaks at a lone CR and would answer one line twice).
 */
export function triageStream(triage: Triage, input: Readable, output: Writable): Promise<StreamStats> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    const stats: StreamStats = { lines: 0, errors: 0 };
    /** The start of a line whose LF has not arrived yet. */
    let partial = '';
    let pending: string[] = [];
    let scheduled = false;
    let closed = false;
    let waitingForDrain = false;

    const flush = (): void => {
      scheduled = false;
      if (pending.length > 0) {
        const answers = triageLines(triage, pending);
        pending = [];
        stats.lines += answers.length;
        for (const out of answers) {
          if (out.startsWith('{"error":') || out.includes(',"error":{"code":')) stats.errors++;
        }
        const chunk = `${answers.join('\n')}\n`;
        if (!output.write(chunk) && !waitingForDrain) {
          waitingForDrain = true;
          input.pause();
          output.once('drain', () => {
            waitingForDrain = false;
            if (!closed) input.resume();
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

    const line = (text: string): void => {
      pending.push(text.endsWith('\r') ? text.slice(0, -1) : text);
      if (pending.length >= BURST) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    };
    const text = (chunk: string): void => {
      let nl = chunk.indexOf('\n');
      if (nl < 0) {
        partial += chunk;
        return;
      }
      line(partial + chunk.slice(0, nl));
      let start = nl + 1;
      while ((nl = chunk.indexOf('\n', start)) >= 0) {
        line(chunk.slice(start, nl));
        start = nl + 1;
      }
      partial = chunk.slice(start);
    };

    input.on('data', (chunk: Buffer | string) => {
      text(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    });
    input.on('end', () => {
      text(decoder.end());
      // The last line may lack its LF; an input ending in LF has no line after it.
      if (partial.length > 0) line(partial);
      partial = '';
      closed = true;
      if (!scheduled) flush();
    });
    input.on('error', reject);
  });
}
