/**
 * Reads the project's labelled concern corpus (corpus/messages/*.jsonl): the training and evaluation data
 * of the triage model and the text source of the demo backlog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS, SENDER_KINDS, type Channel, type SenderKind } from './channels.js';
import { isPriorityClass, isTopicSlug, type PriorityClass, type TopicSlug } from './taxonomy.js';

export interface CorpusMessage {
  id: string;
  topic: TopicSlug;
  priorityClass: PriorityClass;
  channel: Channel;
  sender: SenderKind;
  lang: string;
  subject?: string;
  text: string;
  secondaryTopic?: TopicSlug;
  note?: string;
}

/** The corpus folder: beside src/ in a checkout, beside dist/ in a build (both are one level down). */
export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');

/**
 * Labelled concerns written by writers who saw neither the corpus nor the code: an outside check of the
 * triage, never trained or tuned on (`vorrang triage eval --blind`).
 */
export const BLIND_DIR = path.join(CORPUS_DIR, 'blind');

/** Customer mail to other organisations, unlabelled: only measured, never trained on (`npm run bench -- triage`). */
export const PROBE_DIR = path.join(CORPUS_DIR, 'probe');

export interface ProbeMessage {
  id: string;
  text: string;
}

/** The messages of one probe file, in file order; a line without an id or a text is an error. */
export function readProbeFile(file: string): ProbeMessage[] {
  const name = path.basename(file);
  const out: ProbeMessage[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${name}:${i + 1}`;
      let raw: Record<string, unknown>;
      try {
        raw = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${where}: not valid JSON`);
      }
      if (typeof raw.id !== 'string' || !raw.id) throw new Error(`${where}: missing id`);
      if (typeof raw.text !== 'string' || !raw.text.trim()) throw new Error(`${where}: empty text`);
      out.push({ id: raw.id, text: raw.text });
    });
  return out;
}

export function parseCorpusLine(line: string, where: string): CorpusMessage {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  const { id, topic, priorityClass, channel, sender, lang, subject, text, secondaryTopic, note } = raw;
  if (typeof id !== 'string' || !id) throw new Error(`${where}: missing id`);
  if (!isTopicSlug(topic)) throw new Error(`${where}: unknown topic ${String(topic)}`);
  if (!isPriorityClass(priorityClass))
    throw new Error(`${where}: bad priorityClass ${String(priorityClass)}`);
  if (typeof text !== 'string' || !text.trim()) throw new Error(`${where}: empty text`);
  return {
    id,
    topic,
    priorityClass,
    channel: (CHANNELS as readonly unknown[]).includes(channel) ? (channel as Channel) : 'email',
    sender: (SENDER_KINDS as readonly unknown[]).includes(sender) ? (sender as SenderKind) : 'insured',
    lang: typeof lang === 'string' ? lang : 'de',
    ...(typeof subject === 'string' && subject ? { subject } : {}),
    text,
    ...(isTopicSlug(secondaryTopic) ? { secondaryTopic } : {}),
    ...(typeof note === 'string' ? { note } : {}),
  };
}

/** The `.jsonl` files of a corpus folder, sorted by name. */
export function corpusFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`corpus folder not found: ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The messages of one corpus file, in file order. */
export function readCorpusFile(file: string): CorpusMessage[] {
  const name = path.basename(file);
  const out: CorpusMessage[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim()) out.push(parseCorpusLine(line, `${name}:${i + 1}`));
    });
  return out;
}

/** All messages, sorted by id so every consumer sees the same order. */
export function loadCorpus(dir = path.join(CORPUS_DIR, 'messages')): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  const seen = new Map<string, string>();
  for (const file of corpusFiles(dir)) {
    const name = path.basename(file);
    for (const m of readCorpusFile(file)) {
      const first = seen.get(m.id);
      if (first) throw new Error(`${name}: duplicate id ${m.id} (also in ${first})`);
      seen.set(m.id, name);
      out.push(m);
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
