// Tools for writing a new corpus round (see corpus/README.md). Needs a build (`npm run build`).
//
//   node scripts/corpus-round.mjs show <topic> [--lang en]
//       the topic's train-split messages, one JSON line each: what a writer may read (never the held-out ones)
//   node scripts/corpus-round.mjs check <round> <file.jsonl>... [--lang de,de-simple]
//       checks a round's files: valid fields, the file's topic, ids <topic>-<round>NN, the language, and no run
//       of eight words shared with any other message of the corpus, the probes or the blind set
import fs from 'node:fs';
import path from 'node:path';
import { BLIND_DIR, CORPUS_DIR, loadCorpus, parseCorpusLine } from '../dist/shared/corpus.js';
import { splitCorpus } from '../dist/triage/split.js';

const RUN = 8;

function option(args, name) {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}

const words = (text) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');

function* runs(text) {
  const w = words(text);
  for (let i = 0; i + RUN <= w.length; i++) yield w.slice(i, i + RUN).join(' ');
}

function show(args) {
  const lang = option(args, '--lang');
  const [topic] = args;
  if (!topic) throw new Error('usage: show <topic> [--lang xx]');
  const { train } = splitCorpus(loadCorpus());
  for (const m of train) {
    if (m.topic !== topic || (lang && m.lang !== lang)) continue;
    const { id, priorityClass, channel, sender, text, note } = m;
    console.log(
      JSON.stringify({ id, priorityClass, channel, sender, lang: m.lang, text, ...(note ? { note } : {}) }),
    );
  }
}

function check(args) {
  const langs = (option(args, '--lang') ?? 'de,de-simple,en').split(',');
  const [round, ...files] = args;
  if (!/^\d{1,2}$/.test(round ?? '') || files.length === 0)
    throw new Error('usage: check <round 1-99> <file.jsonl>...');
  const own = new Set(files.map((f) => path.resolve(f)));
  const seenRuns = new Map();
  for (const dir of [path.join(CORPUS_DIR, 'messages'), BLIND_DIR, path.join(CORPUS_DIR, 'probe')]) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      if (own.has(path.resolve(dir, file))) continue;
      for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const m = JSON.parse(line);
        for (const r of runs(m.text)) seenRuns.set(r, m.id);
      }
    }
  }
  const ids = new Set();
  const problems = [];
  for (const file of files) {
    const topic = path.basename(file).split('.')[0];
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const where = `${file}:${i + 1}`;
        let m;
        try {
          m = parseCorpusLine(line, where);
        } catch (err) {
          problems.push(err.message);
          return;
        }
        const raw = JSON.parse(line);
        if (m.topic !== topic) problems.push(`${where}: topic ${m.topic}, but the file is for ${topic}`);
        if (!new RegExp(`^${topic}-${round}\\d\\d$`).test(m.id))
          problems.push(`${where}: id must be ${topic}-${round}NN`);
        if (ids.has(m.id)) problems.push(`${where}: duplicate id ${m.id}`);
        ids.add(m.id);
        for (const field of ['channel', 'sender'])
          if (typeof raw[field] !== 'string') problems.push(`${where}: no ${field}`);
        if (!langs.includes(raw.lang)) problems.push(`${where}: lang must be one of ${langs.join(', ')}`);
        for (const r of runs(m.text)) {
          const other = seenRuns.get(r);
          if (other && other !== m.id) {
            problems.push(`${where}: "${r}" is also in ${other}`);
            break;
          }
        }
        for (const r of runs(m.text)) seenRuns.set(r, m.id);
      });
  }
  for (const p of problems) console.log(p);
  console.log(`${ids.size} messages: ${problems.length === 0 ? 'OK' : `${problems.length} problems`}`);
  return problems.length === 0 ? 0 : 1;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'show') show(rest);
else if (command === 'check') process.exitCode = check(rest);
else {
  console.error(
    'usage: node scripts/corpus-round.mjs show <topic> [--lang xx] | check <round> <file.jsonl>...',
  );
  process.exitCode = 2;
}
