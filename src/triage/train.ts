/**
 * Trains the triage model from labelled examples (the corpus's train split plus staff overrides).
 *
 * 1. Featurise every example; keep hashed features seen in at least `minDf` examples.
 * 2. k-fold cross-validation on the training examples: out-of-fold topic and class probabilities.
 * 3. On those out-of-fold predictions choose the blend weight and the safety thresholds (the held-out split
 *    is never looked at).
 * 4. Fit both models on all training examples, prune and quantise, write the model file.
 *
 * Deterministic: examples are processed in the given order, folds and shuffles come from a seeded PRNG or a
 * hash, and the output holds no timestamps.
 */
import { createHash } from 'node:crypto';
import type { Channel, SenderKind } from '../shared/channels.js';
import type { CorpusMessage } from '../shared/corpus.js';
import {
  PRIORITY_CLASSES,
  TOPIC_SLUGS,
  classRank,
  topicInfo,
  type PriorityClass,
  type TopicSlug,
} from '../shared/taxonomy.js';
import { classPriorOffset, decideClass, type DecisionConfig } from './decide.js';
import { computeFigures, summarizeFigures, type EvalFigures, type Labelled } from './evaluate.js';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, type FeatureConfig } from './features.js';
import {
  predictDense,
  trainSoftmax,
  type DenseSoftmax,
  type SoftmaxOptions,
  type SparseRow,
} from './linear.js';
import {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  round,
  serializeSoftmax,
  type TriageModelFile,
} from './model-file.js';
import { inputDefaultsOf, readInput, type InputDefaults } from './input-defaults.js';
import { detectLanguage } from './language.js';
import { hasHealthVocabulary, otherBusinessTerm, type SignalId } from './signals.js';

export interface TrainingExample {
  id: string;
  text: string;
  subject?: string;
  sender?: SenderKind;
  channel?: Channel;
  topic: TopicSlug;
  priorityClass: PriorityClass;
  /** Sample weight (default 1). */
  weight?: number;
}

export interface Hyperparameters {
  features: FeatureConfig;
  minDf: number;
  topic: Omit<SoftmaxOptions, 'seed'>;
  cls: Omit<SoftmaxOptions, 'seed'>;
  /** Sample-weight factor per true class (P1..P4) for the class model. */
  classWeights: number[];
  /** Weights below this (absolute) are dropped from the model file. */
  prune: number;
  folds: number;
  seed: number;
  /** Pseudo-count of the prior (centred on the taxonomy's default class) for P(class | topic). */
  classPriorStrength: number;
  alphaGrid: number[];
  thresholdGrid: number[];
  /** Candidates for DecisionConfig.noConcernNoSafety (1.01: always apply the safety bias). */
  noConcernGrid: number[];

  /** Under-triage the safety thresholds should keep on the out-of-fold predictions. */
  targetUnderTriage: number;
  /** Over-triage budget used when the under-triage target cannot be met. */
  maxOverTriage: number;
  /**
   * Budget for "kein Anliegen" messages given P1/P2: mail for someone else must almost never be urgent, and
   * the corpus's such mail is the only out-of-fold view of it.
   */
  maxNoConcernUrgent: number;
}

/**
 * Chosen by 5-fold cross-validation on the train split (`vorrang triage cv`); see corpus/README.md.
 */
export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  features: DEFAULT_FEATURE_CONFIG,
  minDf: 2,
  topic: { epochs: 10, l2: 3e-4, learningRate: 0.4 },
  cls: { epochs: 10, l2: 1e-4, learningRate: 0.3 },
  classWeights: [1.5, 1.5, 1, 1],
  prune: 0.01,
  folds: 5,
  seed: 20230425,
  classPriorStrength: 2,
  alphaGrid: [0.6, 0.8, 1],
  thresholdGrid: [
    0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.325, 0.35, 0.4, 0.45, 0.5, 0.6,
    1.01,
  ],
  noConcernGrid: [0.05, 0.1, 0.2, 1.01],
  targetUnderTriage: 0.02,
  maxOverTriage: 0.15,
  maxNoConcernUrgent: 0.035,
};

export function corpusToExamples(messages: readonly CorpusMessage[]): TrainingExample[] {
  return messages.map((m) => ({
    id: m.id,
    text: m.text,
    ...(m.subject ? { subject: m.subject } : {}),
    sender: m.sender,
    channel: m.channel,
    topic: m.topic,
    priorityClass: m.priorityClass,
  }));
}

export interface Prepared {
  /** The examples' sender and channel defaults; each example is featurised as triage reads it. */
  inputDefaults: InputDefaults | undefined;
  rows: SparseRow[];
  classRows: SparseRow[];
  hashOf: Uint32Array;
  signals: SignalId[][];
  health: boolean[];
  otherBusiness: (string | undefined)[];
  language: string[];
}

const TOPIC_INDEX = new Map<TopicSlug, number>(TOPIC_SLUGS.map((t, i) => [t, i]));
const NO_CONCERN_INDEX = TOPIC_INDEX.get('kein_anliegen')!;

function prepare(examples: readonly TrainingExample[], hp: Hyperparameters): Prepared {
  const inputDefaults = inputDefaultsOf(examples);
  const extracted = examples.map((e) => extractFeatures(readInput(e, inputDefaults).input, hp.features));
  const df = new Map<number, number>();
  for (const f of extracted) for (const h of f.vector.index) df.set(h, (df.get(h) ?? 0) + 1);
  const kept = [...df.entries()]
    .filter(([, n]) => n >= hp.minDf)
    .map(([h]) => h)
    .sort((a, b) => a - b);
  const compact = new Map<number, number>(kept.map((h, i) => [h, i]));
  const rows: SparseRow[] = [];
  const classRows: SparseRow[] = [];
  extracted.forEach((f, i) => {
    // Hashed indices are ascending and the compact ids keep their order, so rows stay sorted.
    const ids: number[] = [];
    const vals: number[] = [];
    f.vector.index.forEach((h, j) => {
      const c = compact.get(h);
      if (c === undefined) return;
      ids.push(c);
      vals.push(f.vector.value[j]!);
    });
    const idx = Int32Array.from(ids);
    const val = Float64Array.from(vals);
    const e = examples[i]!;
    const weight = e.weight ?? 1;
    rows.push({ idx, val, label: TOPIC_INDEX.get(e.topic)!, weight });
    const label = classRank(e.priorityClass) - 1;
    classRows.push({ idx, val, label, weight: weight * (hp.classWeights[label] ?? 1) });
  });
  return {
    inputDefaults,
    rows,
    classRows,
    hashOf: Uint32Array.from(kept),
    signals: extracted.map((f) => f.signals),
    health: extracted.map((f) => hasHealthVocabulary(f.folded)),
    otherBusiness: extracted.map((f) => otherBusinessTerm(f.folded)),
    language: extracted.map((f) => detectLanguage(f.clean).code),
  };
}

export function hashUnit(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

/** Stratified folds: within each topic, examples ordered by a hash of their id are dealt round-robin. */
export function assignFolds(examples: readonly TrainingExample[], k: number): number[] {
  const fold = new Array<number>(examples.length).fill(0);
  const byTopic = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const list = byTopic.get(e.topic) ?? [];
    list.push(i);
    byTopic.set(e.topic, list);
  });
  let offset = 0;
  for (const topic of [...byTopic.keys()].sort()) {
    const list = byTopic.get(topic)!;
    const keyed = list
      .map((i) => [hashUnit(`fold:${examples[i]!.id}`), i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    keyed.forEach(([, i], r) => (fold[i] = (r + offset) % k));
    offset += list.length;
  }
  return fold;
}

/** P(class | topic) from the examples, smoothed towards the taxonomy's default class. */
export function estimateClassGivenTopic(examples: readonly TrainingExample[], strength: number): number[][] {
  const counts = TOPIC_SLUGS.map(() => [0, 0, 0, 0]);
  for (const e of examples)
    counts[TOPIC_INDEX.get(e.topic)!]![classRank(e.priorityClass) - 1]! += e.weight ?? 1;
  return TOPIC_SLUGS.map((slug, t) => {
    if (slug === 'kein_anliegen') return [0, 0, 0, 1];
    const def = classRank(topicInfo(slug).defaultClass) - 1;
    const row = counts[t]!.map((n, c) => n + strength * (c === def ? 0.7 : 0.1));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => round(v / sum));
  });
}

function oneHot(n: number, i: number): Float64Array {
  const v = new Float64Array(n);
  v[i] = 1;
  return v;
}

interface Fitted {
  topic: DenseSoftmax;
  cls: DenseSoftmax;
  classGivenTopic: number[][];
}

/**
 * Fits both models on `members`. The class model starts from log P(class | true topic) as a fixed offset,
 * so its weights learn what raises or lowers a topic's usual class rather than the topic itself.
 */
function fit(
  examples: readonly TrainingExample[],
  prep: Prepared,
  members: readonly number[],
  hp: Hyperparameters,
): Fitted {
  const F = prep.hashOf.length;
  const classGivenTopic = estimateClassGivenTopic(
    members.map((i) => examples[i]!),
    hp.classPriorStrength,
  );
  const offsets = TOPIC_SLUGS.map((_, t) => classPriorOffset(classGivenTopic, oneHot(TOPIC_SLUGS.length, t)));
  return {
    topic: trainSoftmax(
      members.map((i) => prep.rows[i]!),
      F,
      TOPIC_SLUGS.length,
      { ...hp.topic, seed: hp.seed },
    ),
    cls: trainSoftmax(
      members.map((i) => ({ ...prep.classRows[i]!, offset: offsets[prep.rows[i]!.label]! })),
      F,
      PRIORITY_CLASSES.length,
      { ...hp.cls, seed: hp.seed + 1 },
    ),
    classGivenTopic,
  };
}

export interface OutOfFold {
  topicProbs: Float64Array[];
  classProbs: Float64Array[];
}

function outOfFold(examples: readonly TrainingExample[], prep: Prepared, hp: Hyperparameters): OutOfFold {
  const folds = assignFolds(examples, hp.folds);
  const topicProbs = new Array<Float64Array>(examples.length);
  const classProbs = new Array<Float64Array>(examples.length);
  for (let k = 0; k < hp.folds; k++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    folds.forEach((f, i) => (f === k ? testIdx : trainIdx).push(i));
    if (testIdx.length === 0 || trainIdx.length === 0) continue;
    const m = fit(examples, prep, trainIdx, hp);
    for (const i of testIdx) {
      const tp = predictDense(m.topic, prep.rows[i]!);
      topicProbs[i] = tp;
      classProbs[i] = predictDense(m.cls, {
        ...prep.classRows[i]!,
        offset: classPriorOffset(m.classGivenTopic, tp),
      });
    }
  }
  return { topicProbs, classProbs };
}

function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return best;
}

/** Runs the decision on out-of-fold predictions and scores it. */
function scoreDecision(
  examples: readonly TrainingExample[],
  prep: Prepared,
  oof: OutOfFold,
  classGivenTopic: number[][],
  config: DecisionConfig,
): EvalFigures {
  const truth: Labelled[] = [];
  const pred: Labelled[] = [];
  examples.forEach((e, i) => {
    const tp = oof.topicProbs[i];
    const cp = oof.classProbs[i];
    if (!tp || !cp) return;
    const topic = TOPIC_SLUGS[argmax(tp)]!;
    const d = decideClass(
      {
        topic,
        topicConfidence: tp[argmax(tp)]!,
        topicProbs: tp,
        classProbs: cp,
        classGivenTopic,
        noConcernProb: tp[NO_CONCERN_INDEX]!,
        signals: prep.signals[i]!,
        healthVocabulary: prep.health[i]!,
        otherBusiness: prep.otherBusiness[i],
        language: prep.language[i]!,
      },
      config,
    );
    truth.push({ topic: e.topic, priorityClass: e.priorityClass });
    pred.push({ topic, priorityClass: d.priorityClass });
  });
  return computeFigures(truth, pred);
}

/** One non-dominated point of the out-of-fold under-/over-triage trade-off. */
export interface ParetoPoint {
  p1Threshold: number;
  urgentThreshold: number;
  noConcernNoSafety: number;
  underTriage: number;
  overTriage: number;
  /** "kein Anliegen" given P1/P2: shown beside the front, and bounded by `maxNoConcernUrgent`. */
  noConcernUrgent: number;
}

export interface Calibration {
  decision: DecisionConfig;
  /** Threshold pairs no other pair beats on both under- and over-triage, by rising over-triage. */
  pareto: ParetoPoint[];
  /** Out-of-fold figures without the safety bias and with it. */
  withoutSafety: EvalFigures;
  withSafety: EvalFigures;
}

/** The points no other point beats on both rates (ties: the first seen), by rising over-triage. */
export function paretoFront(points: readonly ParetoPoint[]): ParetoPoint[] {
  const front = points.filter(
    (p, i) =>
      !points.some(
        (q, j) =>
          (q.underTriage <= p.underTriage &&
            q.overTriage <= p.overTriage &&
            (q.underTriage < p.underTriage || q.overTriage < p.overTriage)) ||
          (j < i && q.underTriage === p.underTriage && q.overTriage === p.overTriage),
      ),
  );
  return front.sort((a, b) => a.overTriage - b.overTriage || b.underTriage - a.underTriage);
}

/**
 * The decision policy's preference between threshold settings, by their out-of-fold figures: 0 meets both
 * targets and the "no concern" budget (then the widest margin to both targets wins, see `targetMargin`), 1
 * keeps within the over-triage and "no concern" budgets (then the least under-triage wins), 2 does not (then
 * too the least under-triage).
 */
export function calibrationTier(
  fig: Pick<EvalFigures, 'underTriage' | 'overTriage' | 'notForUsUrgent'>,
  hp: Pick<Hyperparameters, 'targetUnderTriage' | 'maxOverTriage' | 'maxNoConcernUrgent'>,
): 0 | 1 | 2 {
  const eps = 1e-12;
  if (fig.overTriage.rate > hp.maxOverTriage + eps || fig.notForUsUrgent.rate > hp.maxNoConcernUrgent + eps)
    return 2;
  return fig.underTriage.rate <= hp.targetUnderTriage + eps ? 0 : 1;
}

/**
 * How far a setting keeps from the nearer of the two targets, in standard errors of a rate at the target
 * over as many messages as it was measured on: the targets are limits for messages not yet seen, and a
 * setting that just meets one of them on the out-of-fold predictions misses it about half the time on new
 * ones. Without messages of a kind, that side has no limit.
 */
export function targetMargin(
  fig: Pick<EvalFigures, 'underTriage' | 'overTriage'>,
  hp: Pick<Hyperparameters, 'targetUnderTriage' | 'maxOverTriage'>,
): number {
  const side = (r: EvalFigures['underTriage'], target: number): number =>
    r.of === 0 ? Infinity : (target - r.rate) / Math.sqrt((target * (1 - target)) / r.of);
  return Math.min(side(fig.underTriage, hp.targetUnderTriage), side(fig.overTriage, hp.maxOverTriage));
}

/**
 * Chooses the whole decision (the blend alpha and the safety thresholds together) by the policy of
 * `calibrationTier` on the out-of-fold predictions.
 */
export function calibrate(
  examples: readonly TrainingExample[],
  prep: Prepared,
  oof: OutOfFold,
  classGivenTopic: number[][],
  hp: Hyperparameters,
): Calibration {
  const off = 1.01;
  let best: { config: DecisionConfig; fig: EvalFigures; points: ParetoPoint[] } | undefined;
  const eps = 1e-12;
  const better = (fig: EvalFigures, than: EvalFigures): boolean => {
    const a = calibrationTier(fig, hp);
    const b = calibrationTier(than, hp);
    if (a !== b) return a < b;
    if (a === 0) {
      const m = targetMargin(fig, hp);
      const n = targetMargin(than, hp);
      if (Math.abs(m - n) > eps) return m > n;
    }
    const [first, second]: ['overTriage' | 'underTriage', 'overTriage' | 'underTriage'] =
      a === 0 ? ['overTriage', 'underTriage'] : ['underTriage', 'overTriage'];
    if (fig[first].rate < than[first].rate - eps) return true;
    if (fig[first].rate > than[first].rate + eps) return false;
    return fig[second].rate < than[second].rate - eps;
  };
  // Highest thresholds first, so ties keep the least escalation.
  const grid = [...hp.thresholdGrid].sort((a, b) => b - a);
  // Highest first here too: ties keep the safety bias for the most messages.
  const noConcernGrid = [...hp.noConcernGrid].sort((a, b) => b - a);
  for (const alpha of hp.alphaGrid) {
    const points: ParetoPoint[] = [];
    for (const noConcernNoSafety of noConcernGrid) {
      for (const p1Threshold of grid) {
        for (const urgentThreshold of grid) {
          const config = { alpha, p1Threshold, urgentThreshold, noConcernNoSafety };
          const fig = scoreDecision(examples, prep, oof, classGivenTopic, config);
          points.push({
            p1Threshold,
            urgentThreshold,
            noConcernNoSafety,
            underTriage: round(fig.underTriage.rate, 4),
            overTriage: round(fig.overTriage.rate, 4),
            noConcernUrgent: round(fig.notForUsUrgent.rate, 4),
          });
          if (!best || better(fig, best.fig)) best = { config, fig, points };
        }
      }
    }
  }
  const chosen = best!;
  return {
    decision: chosen.config,
    pareto: paretoFront(chosen.points),
    withoutSafety: scoreDecision(examples, prep, oof, classGivenTopic, {
      alpha: chosen.config.alpha,
      p1Threshold: off,
      urgentThreshold: off,
      noConcernNoSafety: off,
    }),
    withSafety: chosen.fig,
  };
}

export interface CrossValidationResult {
  calibration: Calibration;
  oof: OutOfFold;
}

/** Cross-validation only (for choosing hyper-parameters); nothing is written. */
export function crossValidate(
  examples: readonly TrainingExample[],
  hp: Hyperparameters,
): CrossValidationResult {
  const prep = prepare(examples, hp);
  const oof = outOfFold(examples, prep, hp);
  const cgt = estimateClassGivenTopic(examples, hp.classPriorStrength);
  return { calibration: calibrate(examples, prep, oof, cgt, hp), oof };
}

export interface TrainInput {
  examples: readonly TrainingExample[];
  corpusMessages: number;
  overrides: number;
}

/** Trains the full model file. */
export function trainTriageModel(
  input: TrainInput,
  hp: Hyperparameters = DEFAULT_HYPERPARAMETERS,
): TriageModelFile {
  const { examples } = input;
  if (examples.length < hp.folds * 2) throw new Error(`too few training examples (${examples.length})`);
  const dataSha256 = createHash('sha256')
    .update(
      JSON.stringify(
        examples.map((e) => [
          e.id,
          e.subject ?? '',
          e.text,
          e.sender ?? '',
          e.channel ?? '',
          e.topic,
          e.priorityClass,
          e.weight ?? 1,
        ]),
      ),
    )
    .digest('hex');
  const prep = prepare(examples, hp);
  const oof = outOfFold(examples, prep, hp);
  const classGivenTopic = estimateClassGivenTopic(examples, hp.classPriorStrength);
  const calibration = calibrate(examples, prep, oof, classGivenTopic, hp);
  const all = examples.map((_, i) => i);
  const final = fit(examples, prep, all, hp);
  const body = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    version: '',
    trainedOn: {
      examples: examples.length,
      corpusMessages: input.corpusMessages,
      overrides: input.overrides,
      dataSha256,
    },
    ...(prep.inputDefaults && { inputDefaults: prep.inputDefaults }),
    featureConfig: hp.features,
    hyperparameters: {
      minDf: hp.minDf,
      topic: hp.topic,
      cls: hp.cls,
      prune: hp.prune,
      folds: hp.folds,
      seed: hp.seed,
      classPriorStrength: hp.classPriorStrength,
      classWeights: hp.classWeights,
      targetUnderTriage: hp.targetUnderTriage,
      maxOverTriage: hp.maxOverTriage,
      maxNoConcernUrgent: hp.maxNoConcernUrgent,
    },
    topics: [...TOPIC_SLUGS],
    classes: [...PRIORITY_CLASSES],
    topicModel: serializeSoftmax(final.topic, prep.hashOf, hp.prune),
    classModel: serializeSoftmax(final.cls, prep.hashOf, hp.prune),
    classGivenTopic,
    decision: calibration.decision,
    crossValidation: {
      folds: hp.folds,
      withoutSafety: summarizeFigures(calibration.withoutSafety),
      withSafety: summarizeFigures(calibration.withSafety),
    },
  } satisfies TriageModelFile;
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 10);
  return { ...body, version: `learned-1+${digest}` };
}

/** The model file's text: stable key order (as built), one trailing newline. */
export function modelToJson(model: TriageModelFile): string {
  return `${JSON.stringify(model)}\n`;
}
