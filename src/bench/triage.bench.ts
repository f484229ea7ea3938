/**
 * Triage benchmark: model load time, throughput of the full classify path (features, both models, rules,
 * language detection, reasons) on the corpus texts repeated, the held-out evaluation figures, and how often
 * German text from outside health insurance (the XQuAD-de passages and questions in ../shared/bench, never
 * used for training or tuning) and the project's own probes of customer messages to other organisations
 * (corpus/probe/*.jsonl, never trained on) come out as P1 or P2; and the figures on the labelled concerns
 * in corpus/blind, written blind and never trained on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  BLIND_DIR,
  PROBE_DIR,
  corpusFiles,
  loadCorpus,
  readCorpusFile,
  readProbeFile,
  type CorpusMessage,
} from '../shared/corpus.js';
import { MODEL_PATH, loadLearnedTriage } from '../triage/default.js';
import { computeFigures, summarizeFigures, type EvalFigures, type Labelled } from '../triage/evaluate.js';
import { splitCorpus } from '../triage/split.js';
import { BURST, triageLines } from '../triage/stream.js';

const GERMAN_OR_ENGLISH = new Set(['de', 'de-simple', 'en']);

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export async function bench(ctx: {
  sharedDir: string;
  log: (line: string) => void;
}): Promise<Record<string, unknown>> {
  const loads: number[] = [];
  let triage = await loadLearnedTriage(MODEL_PATH);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    triage = await loadLearnedTriage(MODEL_PATH);
    loads.push(performance.now() - t0);
  }
  const loadMs = Math.min(...loads);
  ctx.log(`model ${triage.version} loads in ${loadMs.toFixed(0)} ms`);

  const corpus = loadCorpus();
  const lines = corpus.map((m) =>
    JSON.stringify({ id: m.id, text: m.text, sender: m.sender, channel: m.channel }),
  );
  // Warm-up, then at least 10,000 concerns through the same path as `vorrang triage` (JSON in, JSON out).
  // Lines go in bursts, as the command reads them from a busy pipe.
  triageLines(triage, lines.slice(0, 200));
  const rounds = Math.max(1, Math.ceil(10_000 / lines.length));
  const t0 = performance.now();
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < lines.length; i += BURST) n += triageLines(triage, lines.slice(i, i + BURST)).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const perSecond = n / seconds;
  ctx.log(`${n} concerns in ${seconds.toFixed(2)} s: ${perSecond.toFixed(0)} per second`);

  /**
   * With `bare`, only the text (the subject line joined in), without sender and channel: what a caller of
   * `vorrang triage` may send.
   */
  const classify = (m: CorpusMessage, bare: boolean): Labelled =>
    triage.classifyDetailed(
      bare
        ? { text: m.subject ? `${m.subject}\n${m.text}` : m.text }
        : { text: m.text, subject: m.subject, sender: m.sender, channel: m.channel },
      false,
    );
  const describe = (fig: EvalFigures): string =>
    `under-triage ${(fig.underTriage.rate * 100).toFixed(1)} % (${fig.underTriage.count} of ${fig.underTriage.of}), over-triage ${(fig.overTriage.rate * 100).toFixed(1)} % (${fig.overTriage.count} of ${fig.overTriage.of}), no concern as P1/P2 ${fig.notForUsUrgent.count}, topic macro-F1 ${fig.topicMacroF1.toFixed(3)}`;
  const heldOut = splitCorpus(corpus).heldOut;
  const fig = computeFigures(
    heldOut,
    heldOut.map((m) => classify(m, false)),
  );
  ctx.log(`held-out ${fig.n}: ${describe(fig)}`);
  // Labelled concerns written by writers who saw neither the corpus nor the code, each triaged once with
  // sender and channel and once as bare text; every grouping below reads these results.
  const blindMessages = loadCorpus(BLIND_DIR);
  const triaged = (bare: boolean) => new Map(blindMessages.map((m) => [m.id, classify(m, bare)]));
  const withFields = triaged(false);
  const asBareText = triaged(true);
  const figuresOf = (messages: readonly CorpusMessage[], results = withFields): EvalFigures =>
    computeFigures(
      messages,
      messages.map((m) => results.get(m.id)!),
    );
  const blind = figuresOf(blindMessages);
  const blindBare = figuresOf(blindMessages, asBareText);
  ctx.log(`blind sets ${blind.n} (corpus/blind): ${describe(blind)}`);
  ctx.log(`  the same as bare texts: ${describe(blindBare)}`);
  // The two kinds of blind set apart: the targets hold in German and English, not yet in other languages.
  const germanOrEnglish = blindMessages.filter((m) => GERMAN_OR_ENGLISH.has(m.lang));
  const blindGermanEnglish = figuresOf(germanOrEnglish);
  const blindGermanEnglishBare = figuresOf(germanOrEnglish, asBareText);
  const blindOtherLanguages = figuresOf(blindMessages.filter((m) => !GERMAN_OR_ENGLISH.has(m.lang)));
  ctx.log(`  in German and English ${blindGermanEnglish.n}: ${describe(blindGermanEnglish)}`);
  ctx.log(`    the same as bare texts: ${describe(blindGermanEnglishBare)}`);
  ctx.log(`  in other languages ${blindOtherLanguages.n}: ${describe(blindOtherLanguages)}`);
  const blindSets: Record<string, Record<string, number>> = {};
  for (const file of corpusFiles(BLIND_DIR)) {
    const set = figuresOf(readCorpusFile(file));
    blindSets[path.basename(file, '.jsonl')] = summarizeFigures(set);
    ctx.log(`  ${path.basename(file)} (${set.n}): ${describe(set)}`);
  }

  // Encyclopaedia text and quiz questions: nothing in them is a concern for a Kasse.
  const outside: string[] = [];
  for (const [file, field] of [
    ['xquad-de.passages.jsonl', 'text'],
    ['xquad-de.questions.jsonl', 'question'],
  ] as const) {
    const full = path.join(ctx.sharedDir, 'bench', 'retrieval', file);
    if (!fs.existsSync(full)) continue;
    for (const line of fs.readFileSync(full, 'utf8').split('\n')) {
      if (line.trim()) outside.push(String((JSON.parse(line) as Record<string, unknown>)[field] ?? ''));
    }
  }
  const outsideUrgent = outside.filter((text) => {
    const c = triage.classifyDetailed({ text }, false).priorityClass;
    return c === 'P1' || c === 'P2';
  }).length;
  if (outside.length > 0) {
    ctx.log(
      `German text outside health insurance (XQuAD-de): ${outsideUrgent} of ${outside.length} given P1/P2`,
    );
  }
  // Customer mail to banks, landlords, shops, offices, …: urgent for them, not for the Kasse.
  const probes: Record<string, { messages: number; urgent: number }> = {};
  for (const file of corpusFiles(PROBE_DIR)) {
    const probe = readProbeFile(file);
    const urgent = probe.filter((m) => {
      const c = triage.classifyDetailed({ text: m.text }, false).priorityClass;
      return c === 'P1' || c === 'P2';
    });
    probes[path.basename(file, '.jsonl')] = { messages: probe.length, urgent: urgent.length };
    ctx.log(
      `customer messages to other organisations (corpus/probe/${path.basename(file)}): ${urgent.length} of ${probe.length} given P1/P2` +
        (urgent.length ? ` (${urgent.map((m) => m.id).join(', ')})` : ''),
    );
  }
  return {
    model: triage.version,
    corpusMessages: corpus.length,
    heldOut: fig.n,
    loadMs: round(loadMs, 1),
    concerns: n,
    concernsPerSecond: Math.round(perSecond),
    ...summarizeFigures(fig),
    classRecall: fig.classRecall,
    classPrecision: fig.classPrecision,
    blind: summarizeFigures(blind),
    blindBare: summarizeFigures(blindBare),
    blindGermanEnglish: summarizeFigures(blindGermanEnglish),
    blindGermanEnglishBare: summarizeFigures(blindGermanEnglishBare),
    blindOtherLanguages: summarizeFigures(blindOtherLanguages),
    blindSets,
    outsideTexts: outside.length,
    outsideUrgent,
    probes,
  };
}
