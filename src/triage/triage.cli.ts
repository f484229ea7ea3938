/**
 * `vorrang triage`          JSON lines {id, text, subject?, sender?, channel?} on stdin → one result line each
 * `vorrang triage eval`     figures on the held-out split (`--json` for machine-readable output)
 * `vorrang triage train`    retrain from the corpus's train split (+ `--overrides FILE.jsonl`) → `--out FILE`
 * `vorrang triage cv`       cross-validation on the train split only, for choosing hyper-parameters
 * `vorrang triage export-overrides --tenant SLUG`  staff overrides from the database as JSON lines, the
 *                           input of `train --overrides` (overrides.cli.ts, loaded only for this command)
 * Common option: `--model FILE` (default models/triage.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BLIND_DIR, loadCorpus } from '../shared/corpus.js';
import { MODEL_PATH, defaultTriage, loadLearnedTriage } from './default.js';
import { computeFigures, formatFigures, type EvalFigures, type Labelled } from './evaluate.js';
import { overridesToExamples, readOverridesFile } from './overrides.js';
import { splitCorpus } from './split.js';
import { triageStream } from './stream.js';
import {
  DEFAULT_HYPERPARAMETERS,
  corpusToExamples,
  crossValidate,
  modelToJson,
  trainTriageModel,
  type Hyperparameters,
} from './train.js';

const USAGE = `vorrang triage [--model FILE]          triage JSON lines from stdin
vorrang triage eval [--json] [--model FILE] [--blind]
                                        --blind: the labelled messages in corpus/blind, written by
                                        writers who never saw the corpus, instead of the held-out split
vorrang triage train [--overrides FILE.jsonl] [--out FILE]
vorrang triage cv [--json] [--set key=value ...]   e.g. --set topic.epochs=15 --set features.charWeight=0.3
vorrang triage export-overrides --tenant SLUG [--since YYYY-MM-DD] [--out FILE.jsonl]
                                        staff overrides from the database, input of train --overrides
`;

interface Options {
  flags: Set<string>;
  values: Map<string, string[]>;
}

function parseArgs(args: readonly string[], withValue: readonly string[]): Options {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (withValue.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), v]);
    } else if (a.startsWith('--')) flags.add(a);
    else throw new Error(`unexpected argument ${a}`);
  }
  return { flags, values };
}

function one(o: Options, name: string): string | undefined {
  return o.values.get(name)?.at(-1);
}

async function runStream(o: Options): Promise<number> {
  const file = one(o, '--model');
  const triage = file ? await loadLearnedTriage(path.resolve(file)) : await defaultTriage();
  const stats = await triageStream(triage, process.stdin, process.stdout);
  if (stats.errors > 0)
    process.stderr.write(`vorrang triage: ${stats.errors} of ${stats.lines} lines had errors\n`);
  return 0;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

async function runEval(o: Options): Promise<number> {
  const file = path.resolve(one(o, '--model') ?? MODEL_PATH);
  const triage = await loadLearnedTriage(file);
  const blind = o.flags.has('--blind');
  const messages = blind ? loadCorpus(BLIND_DIR) : splitCorpus(loadCorpus()).heldOut;
  const split = blind ? 'blind' : 'held-out';
  const truth: Labelled[] = [];
  const pred: Labelled[] = [];
  let escalations = 0;
  let nonGerman = 0;
  for (const m of messages) {
    const r = triage.classifyDetailed(
      { text: m.text, subject: m.subject, sender: m.sender, channel: m.channel },
      false,
    );
    truth.push({ topic: m.topic, priorityClass: m.priorityClass });
    pred.push({ topic: r.topic, priorityClass: r.priorityClass });
    if (r.escalated) escalations++;
    if (r.language !== 'de') nonGerman++;
  }
  const fig: EvalFigures = computeFigures(truth, pred);
  if (o.flags.has('--json')) {
    process.stdout.write(
      `${JSON.stringify({ model: triage.version, split, safetyEscalations: escalations, nonGerman, ...fig })}\n`,
    );
  } else {
    const title = blind ? 'Blind sets (corpus/blind)' : 'Held-out split';
    process.stdout.write(`${formatFigures(fig, `${title}, model ${triage.version}`)}\n`);
    process.stdout.write(
      `\nSafety escalations: ${escalations}; messages flagged as not German: ${nonGerman}\n`,
    );
    process.stdout.write(
      `Targets: under-triage ≤ 2 % (${pct(fig.underTriage.rate)}), over-triage ≤ 15 % (${pct(fig.overTriage.rate)}), topic macro-F1 ≥ 0.90 (${fig.topicMacroF1.toFixed(3)})\n`,
    );
  }
  return 0;
}

async function runTrain(o: Options): Promise<number> {
  const out = path.resolve(one(o, '--out') ?? MODEL_PATH);
  const { train } = splitCorpus(loadCorpus());
  const overridesFile = one(o, '--overrides');
  const overrides = overridesFile ? overridesToExamples(readOverridesFile(overridesFile)) : [];
  const started = Date.now();
  const model = trainTriageModel({
    examples: [...corpusToExamples(train), ...overrides],
    corpusMessages: train.length,
    overrides: overrides.length,
  });
  const json = modelToJson(model);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, json);
  process.stderr.write(
    `vorrang triage train: ${train.length} corpus messages + ${overrides.length} overrides → ${out} ` +
      `(${(json.length / 1024).toFixed(0)} KiB, ${model.version}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
      `  cross-validation on the train split: ${JSON.stringify(model.crossValidation)}\n` +
      `  decision: ${JSON.stringify(model.decision)}\n`,
  );
  return 0;
}

/** Applies `a.b=value` settings to a copy of the hyper-parameters (numbers only). */
export function applySettings(base: Hyperparameters, settings: readonly string[]): Hyperparameters {
  const hp = structuredClone(base) as unknown as Record<string, unknown>;
  for (const s of settings) {
    const [key, value] = s.split('=');
    const num = Number(value);
    if (!key || value === undefined || !Number.isFinite(num))
      throw new Error(`--set ${s}: expected key=number`);
    const partsOf = key.split('.');
    let target = hp;
    for (const p of partsOf.slice(0, -1)) {
      const next = target[p];
      if (typeof next !== 'object' || next === null) throw new Error(`--set ${s}: unknown key`);
      target = next as Record<string, unknown>;
    }
    const last = partsOf.at(-1)!;
    if (typeof target[last] !== 'number') throw new Error(`--set ${s}: unknown key`);
    target[last] = num;
  }
  return hp as unknown as Hyperparameters;
}

async function runCv(o: Options): Promise<number> {
  const hp = applySettings(DEFAULT_HYPERPARAMETERS, o.values.get('--set') ?? []);
  const { train } = splitCorpus(loadCorpus());
  const started = Date.now();
  const { calibration } = crossValidate(corpusToExamples(train), hp);
  const seconds = (Date.now() - started) / 1000;
  if (o.flags.has('--json')) {
    process.stdout.write(
      `${JSON.stringify({ settings: o.values.get('--set') ?? [], decision: calibration.decision, pareto: calibration.pareto, withoutSafety: calibration.withoutSafety, withSafety: calibration.withSafety, seconds })}\n`,
    );
  } else {
    process.stdout.write(
      `${formatFigures(calibration.withSafety, `${hp.folds}-fold CV on the train split`)}\n`,
    );
    process.stdout.write(
      `\nWithout safety bias: under ${pct(calibration.withoutSafety.underTriage.rate)}, over ${pct(calibration.withoutSafety.overTriage.rate)}\n` +
        `Decision: ${JSON.stringify(calibration.decision)}  (${seconds.toFixed(1)} s)\n` +
        `\nPareto front of the safety thresholds (under-triage / over-triage; "kein Anliegen" given P1/P2):\n` +
        calibration.pareto
          .map(
            (p) =>
              `  P1 ≥ ${p.p1Threshold}, P1+P2 ≥ ${p.urgentThreshold}, none if kein Anliegen ≥ ${p.noConcernNoSafety}: ${pct(p.underTriage)} / ${pct(p.overTriage)}; ${pct(p.noConcernUrgent)}\n`,
          )
          .join(''),
    );
  }
  return 0;
}

function quietOnClosedPipe(err: NodeJS.ErrnoException): void {
  // `vorrang triage … | head` closes the pipe early; that is not an error worth a stack trace.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  process.stdout.on('error', quietOnClosedPipe);
  try {
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (sub === 'eval') return await runEval(parseArgs(rest, ['--model']));
    if (sub === 'train') return await runTrain(parseArgs(rest, ['--overrides', '--out']));
    if (sub === 'cv') return await runCv(parseArgs(rest, ['--set']));
    if (sub === 'export-overrides') return await (await import('./overrides.cli.js')).run(rest);
    if (sub === undefined || sub.startsWith('--')) return await runStream(parseArgs(args, ['--model']));
    process.stderr.write(`vorrang triage: unknown subcommand "${sub}"\n\n${USAGE}`);
    return 2;
  } catch (err) {
    process.stderr.write(`vorrang triage: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
