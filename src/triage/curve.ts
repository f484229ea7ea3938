/**
 * Learning curve: how topic macro-F1 on the held-out split grows with the number of training messages.
 *
 * The full model (features, cross-validated calibration, both heads) is trained on nested, per-topic
 * stratified shares of the training examples and triaged on the held-out messages exactly as
 * `vorrang triage eval` does. A saturating power law, error = floor + scale · n^(−exponent), fitted to the
 * points, estimates how many messages of the same kind a target would need and where the curve levels
 * off; a power law without a floor gives the optimistic bound. Both say what more of the same data buys,
 * not what messages of a new kind would.
 */
import { computeFigures, type Labelled } from './evaluate.js';
import { LearnedTriage } from './learned-triage.js';
import { hashUnit, trainTriageModel, type TrainingExample } from './train.js';
import type { TriageInput } from './triage.js';

export interface CurvePoint {
  /** Share of the training examples, k / shares. */
  share: number;
  /** Which ordering of the examples (0-based); the whole split is trained once, as repeat 0. */
  repeat: number;
  messages: number;
  topicMacroF1: number;
  underTriage: number;
  overTriage: number;
  model: string;
  seconds: number;
}

/** error(n) = floor + scale · n^(−exponent), error = 1 − macro-F1. */
export interface ErrorCurveFit {
  floor: number;
  scale: number;
  exponent: number;
  /** Root mean square difference between fitted and measured macro-F1. */
  rmse: number;
}

export interface LearningCurve {
  trainMessages: number;
  heldOutMessages: number;
  shares: number;
  repeats: number;
  points: CurvePoint[];
  /** Fitted with a floor: the curve levels off at macro-F1 1 − floor. */
  fit: ErrorCurveFit;
  /** Fitted without a floor (floor = 0): the optimistic bound. */
  powerLaw: ErrorCurveFit;
}

/**
 * Nested, per-topic stratified shares: within each topic the examples are ordered by a hash of the repeat
 * and their id, and share k of `shares` takes the first ⌈k/shares⌉ of every topic, so every share holds
 * the smaller ones and keeps the topic mix of the whole.
 */
export function stratifiedShares<T extends { id: string; topic: string }>(
  examples: readonly T[],
  shares: number,
  repeat: number,
): T[][] {
  if (!Number.isInteger(shares) || shares < 1) throw new RangeError('shares must be a positive integer');
  const byTopic = new Map<string, T[]>();
  for (const e of examples) {
    const list = byTopic.get(e.topic);
    if (list) list.push(e);
    else byTopic.set(e.topic, [e]);
  }
  const ordered = [...byTopic.keys()].sort().map((topic) =>
    byTopic
      .get(topic)!
      .map((e) => ({ e, key: hashUnit(`curve:${repeat}:${e.id}`) }))
      .sort((a, b) => a.key - b.key || (a.e.id < b.e.id ? -1 : 1))
      .map(({ e }) => e),
  );
  return Array.from({ length: shares }, (_, i) =>
    ordered.flatMap((list) => list.slice(0, Math.ceil((list.length * (i + 1)) / shares))),
  );
}

/**
 * Least-squares fit of error = floor + scale · n^(−exponent) with floor, scale ≥ 0: for each exponent on
 * a fine grid, floor and scale have a closed form; the exponent with the smallest squared error wins.
 */
export function fitErrorCurve(
  points: readonly { messages: number; topicMacroF1: number }[],
  withFloor: boolean,
): ErrorCurveFit {
  const distinct = new Set(points.map((p) => p.messages)).size;
  if (distinct < (withFloor ? 3 : 2))
    throw new RangeError(`a learning curve needs at least ${withFloor ? 3 : 2} different sizes`);
  const e = points.map((p) => 1 - p.topicMacroF1);
  const meanE = e.reduce((a, b) => a + b, 0) / e.length;
  let best: ErrorCurveFit = { floor: meanE, scale: 0, exponent: 0, rmse: Infinity };
  let bestSse = Infinity;
  for (let step = 1; step <= 3000; step++) {
    const exponent = step / 1000;
    const x = points.map((p) => p.messages ** -exponent);
    const sxx = x.reduce((a, v) => a + v * v, 0);
    const sxe = x.reduce((a, v, i) => a + v * e[i]!, 0);
    let floor = 0;
    let scale = sxe / sxx;
    if (withFloor) {
      const meanX = x.reduce((a, b) => a + b, 0) / x.length;
      const cov = x.reduce((a, v, i) => a + (v - meanX) * (e[i]! - meanE), 0);
      const varX = x.reduce((a, v) => a + (v - meanX) ** 2, 0);
      scale = varX > 0 ? cov / varX : 0;
      floor = meanE - scale * meanX;
      // The constrained optimum lies on a boundary when the free one leaves the allowed region.
      if (floor < 0) [floor, scale] = [0, sxe / sxx];
    }
    if (scale < 0) [floor, scale] = [withFloor ? meanE : 0, 0];
    const sse = x.reduce((a, v, i) => a + (floor + scale * v - e[i]!) ** 2, 0);
    if (sse < bestSse) {
      bestSse = sse;
      best = { floor, scale, exponent, rmse: Math.sqrt(sse / points.length) };
    }
  }
  return best;
}

export function predictMacroF1(fit: ErrorCurveFit, messages: number): number {
  return 1 - (fit.floor + fit.scale * messages ** -fit.exponent);
}

/** Training messages the fit needs for `target` macro-F1, or null when the fit levels off below it. */
export function messagesForMacroF1(fit: ErrorCurveFit, target: number): number | null {
  const gap = 1 - target - fit.floor;
  if (gap <= 0 || fit.scale <= 0) return null;
  return Math.ceil((fit.scale / gap) ** (1 / fit.exponent));
}

export interface LearningCurveInput {
  train: readonly TrainingExample[];
  heldOut: readonly (TriageInput & Labelled)[];
  shares: number;
  repeats: number;
  /** Called before each model is trained (`index` from 1 to `total`) and after it is measured. */
  onProgress?: (event: { index: number; total: number; messages: number; point?: CurvePoint }) => void;
}

export function learningCurve(input: LearningCurveInput): LearningCurve {
  const { train, heldOut, shares, repeats } = input;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError('repeats must be a positive integer');
  // Every repeat ends with the whole training split. It is trained once, in the given order, so that
  // point is the model `vorrang triage train` makes from the same examples.
  const jobs = [
    ...Array.from({ length: repeats }, (_, repeat) =>
      stratifiedShares(train, shares, repeat)
        .slice(0, -1)
        .map((examples, i) => ({ repeat, share: (i + 1) / shares, examples })),
    ).flat(),
    { repeat: 0, share: 1, examples: train },
  ];
  const points: CurvePoint[] = [];
  jobs.forEach((job, i) => {
    const progress = { index: i + 1, total: jobs.length, messages: job.examples.length };
    input.onProgress?.(progress);
    const started = Date.now();
    const model = trainTriageModel({
      examples: job.examples,
      corpusMessages: job.examples.length,
      overrides: 0,
    });
    const fig = computeFigures(heldOut, new LearnedTriage(model).classifyDetailedMany(heldOut, false));
    const point: CurvePoint = {
      share: job.share,
      repeat: job.repeat,
      messages: job.examples.length,
      topicMacroF1: fig.topicMacroF1,
      underTriage: fig.underTriage.rate,
      overTriage: fig.overTriage.rate,
      model: model.version,
      seconds: (Date.now() - started) / 1000,
    };
    points.push(point);
    input.onProgress?.({ ...progress, point });
  });
  return {
    trainMessages: train.length,
    heldOutMessages: heldOut.length,
    shares,
    repeats,
    points,
    fit: fitErrorCurve(points, true),
    powerLaw: fitErrorCurve(points, false),
  };
}

const percent = (x: number): string => `${(x * 100).toFixed(1)} %`;

function describeFit(label: string, fit: ErrorCurveFit, target: number): string {
  const n = messagesForMacroF1(fit, target);
  return (
    `${label}: error = ${fit.floor.toFixed(4)} + ${fit.scale.toFixed(3)} · n^-${fit.exponent.toFixed(3)} ` +
    `(rmse ${fit.rmse.toFixed(4)}); levels off at macro-F1 ${(1 - fit.floor).toFixed(3)}; ` +
    `${target.toFixed(2)} ${n === null ? 'is not reached' : `at about ${n} training messages`}\n`
  );
}

/** The curve as the text `vorrang triage curve` prints: one row per trained model, then both fits. */
export function formatLearningCurve(curve: LearningCurve, target: number): string {
  const rows = curve.points.map(
    (p) =>
      `  ${String(p.messages).padStart(8)}  ${p.share.toFixed(3)}  ${String(p.repeat + 1).padStart(8)}  ` +
      `${p.topicMacroF1.toFixed(3).padStart(8)}  ${percent(p.underTriage).padStart(6)}  ${percent(p.overTriage).padStart(6)}\n`,
  );
  return (
    `Learning curve: ${curve.trainMessages} training messages, ${curve.heldOutMessages} held-out messages\n\n` +
    `  messages  share  ordering  macro-F1   under    over\n` +
    rows.join('') +
    `\n${describeFit('Fit with a floor', curve.fit, target)}` +
    describeFit('Power law without a floor (optimistic)', curve.powerLaw, target) +
    'Both extrapolate more messages of the kinds the corpus has; the corpus rounds after round 14 added less ' +
    '(corpus/README.md).\n'
  );
}
