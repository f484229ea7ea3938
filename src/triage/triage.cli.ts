/**
 * `vorrang triage`          JSON lines {id, text, subject?, sender?, channel?} on stdin → one result line each
 * `vorrang triage eval`     figures on the held-out split (`--json` for machine-readable output)
 * `vorrang triage train`    retrain from the corpus's train split (+ `--overrides FILE.jsonl`) → `--out FILE`
 * `vorrang triage cv`       cross-validation on the train split only, for choosing hyper-parameters
 * `vorrang triage curve`    learning curve: the model trained on growing shares of the train split, measured
 *                           on the held-out split, with a fitted curve and an SVG chart (`--chart FILE`)
 * `vorrang triage export-overrides --tenant SLUG`  staff overrides from the database as JSON lines, the
 *                           input of `train --overrides` (overrides.cli.ts, loaded only for this command)
 * `--model FILE` (default models/triage.json) for triage and eval. Options are parsed strictly: an unknown
 * option or a stray argument is a usage error (exit 2), so a typo never falls back to a default silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseOptions, UsageError, wholeNumber } from '../shared/cli.js';
import { BLIND_DIR, loadCorpus } from '../shared/corpus.js';
import { MODEL_PATH, defaultTriage, loadLearnedTriage } from './default.js';
import { formatLearningCurve, learningCurve, messagesForMacroF1 } from './curve.js';
import { renderLearningCurveSvg } from './curve-chart.js';
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
vorrang triage curve [--shares N] [--repeats N] [--json] [--chart FILE.svg]
                                        topic macro-F1 on the held-out split for N growing shares of
                                        the train split (default 8, 1 ordering; about 9 minutes), with a
                                        fitted learning curve: how many messages a macro-F1 of 0.90 needs
vorrang triage export-overrides --tenant SLUG [--since YYYY-MM-DD] [--out FILE.jsonl]
                                        staff overrides from the database, input of train --overrides
`;

/** What each command accepts; anything else is refused (exit 2), so a typo cannot fall back to a default. */
const OPTIONS = {
  stream: { model: { type: 'string' } },
  eval: { model: { type: 'string' }, json: { type: 'boolean' }, blind: { type: 'boolean' } },
  train: { overrides: { type: 'string' }, out: { type: 'string' } },
  cv: { json: { type: 'boolean' }, set: { type: 'string', multiple: true } },
  curve: {
    shares: { type: 'string' },
    repeats: { type: 'string' },
    json: { type: 'boolean' },
    chart: { type: 'string' },
  },
} as const satisfies Record<string, ParseArgsConfig['options']>;

/** The options of one command, or `undefined` when help was asked for. */
export function optionsOf<C extends keyof typeof OPTIONS>(command: C, args: readonly string[]) {
  const { help, ...values } = parseOptions(args, {
    ...OPTIONS[command],
    help: { type: 'boolean', short: 'h' },
  });
  return help ? undefined : values;
}

async function runStream(o: { model?: string }): Promise<number> {
  const file = o.model;
  const triage = file ? await loadLearnedTriage(path.resolve(file)) : await defaultTriage();
  const stats = await triageStream(triage, process.stdin, process.stdout);
  if (stats.errors > 0)
    process.stderr.write(`vorrang triage: ${stats.errors} of ${stats.lines} lines had errors\n`);
  return 0;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

async function runEval(o: { model?: string; json?: boolean; blind?: boolean }): Promise<number> {
  const file = path.resolve(o.model ?? MODEL_PATH);
  const triage = await loadLearnedTriage(file);
  const blind = o.blind === true;
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
  if (o.json === true) {
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

async function runTrain(o: { overrides?: string; out?: string }): Promise<number> {
  const out = path.resolve(o.out ?? MODEL_PATH);
  const { train } = splitCorpus(loadCorpus());
  const overridesFile = o.overrides;
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

async function runCv(o: { json?: boolean; set?: string[] }): Promise<number> {
  const settings = o.set ?? [];
  let hp: Hyperparameters;
  try {
    hp = applySettings(DEFAULT_HYPERPARAMETERS, settings);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { train } = splitCorpus(loadCorpus());
  const started = Date.now();
  const { calibration } = crossValidate(corpusToExamples(train), hp);
  const seconds = (Date.now() - started) / 1000;
  if (o.json === true) {
    process.stdout.write(
      `${JSON.stringify({ settings, decision: calibration.decision, pareto: calibration.pareto, withoutSafety: calibration.withoutSafety, withSafety: calibration.withSafety, seconds })}\n`,
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

const TARGET_MACRO_F1 = 0.9;

async function runCurve(o: {
  shares?: string;
  repeats?: string;
  json?: boolean;
  chart?: string;
}): Promise<number> {
  const shares = o.shares === undefined ? 8 : wholeNumber('--shares', o.shares, 3, 20);
  const repeats = o.repeats === undefined ? 1 : wholeNumber('--repeats', o.repeats, 1, 5);
  // The chart comes last, after minutes of training: a path it cannot be written to is refused first.
  const chart = o.chart === undefined ? undefined : path.resolve(o.chart);
  if (chart !== undefined) {
    fs.mkdirSync(path.dirname(chart), { recursive: true });
    fs.accessSync(path.dirname(chart), fs.constants.W_OK);
    if (fs.existsSync(chart) && fs.statSync(chart).isDirectory())
      throw new UsageError(`--chart ${o.chart} is a directory, not a file`);
  }
  const { train, heldOut } = splitCorpus(loadCorpus());
  const curve = learningCurve({
    train: corpusToExamples(train),
    heldOut,
    shares,
    repeats,
    onProgress: ({ index, total, messages, point }) =>
      process.stderr.write(
        point
          ? ` macro-F1 ${point.topicMacroF1.toFixed(3)} (${point.seconds.toFixed(0)} s)\n`
          : `  [${index}/${total}] ${messages} training messages …`,
      ),
  });
  const messagesForTarget = {
    fit: messagesForMacroF1(curve.fit, TARGET_MACRO_F1),
    powerLaw: messagesForMacroF1(curve.powerLaw, TARGET_MACRO_F1),
  };
  process.stdout.write(
    o.json === true
      ? `${JSON.stringify({ ...curve, target: TARGET_MACRO_F1, messagesForTarget })}\n`
      : formatLearningCurve(curve, TARGET_MACRO_F1),
  );
  if (chart !== undefined) {
    fs.writeFileSync(chart, renderLearningCurveSvg(curve, TARGET_MACRO_F1));
    process.stderr.write(`vorrang triage curve: chart written to ${chart}\n`);
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
    if (sub === 'export-overrides') return await (await import('./overrides.cli.js')).run(rest);
    // optionsOf gives undefined for --help.
    const help = (): number => {
      process.stdout.write(USAGE);
      return 0;
    };
    if (sub === 'eval') {
      const o = optionsOf('eval', rest);
      return o ? await runEval(o) : help();
    }
    if (sub === 'train') {
      const o = optionsOf('train', rest);
      return o ? await runTrain(o) : help();
    }
    if (sub === 'cv') {
      const o = optionsOf('cv', rest);
      return o ? await runCv(o) : help();
    }
    if (sub === 'curve') {
      const o = optionsOf('curve', rest);
      return o ? await runCurve(o) : help();
    }
    if (sub === undefined || sub.startsWith('-')) {
      const o = optionsOf('stream', args);
      return o ? await runStream(o) : help();
    }
    process.stderr.write(`vorrang triage: unknown subcommand "${sub}"\n\n${USAGE}`);
    return 2;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vorrang triage: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`vorrang triage: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
