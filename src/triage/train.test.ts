import { describe, expect, it } from 'vitest';
import { TOPIC_SLUGS, type PriorityClass } from '../shared/taxonomy.js';
import {
  DEFAULT_HYPERPARAMETERS,
  calibrate,
  calibrationTier,
  paretoFront,
  targetMargin,
  type ParetoPoint,
  type Prepared,
  type TrainingExample,
} from './train.js';

const pt = (underTriage: number, overTriage: number, p1Threshold = 0.5): ParetoPoint => ({
  p1Threshold,
  urgentThreshold: 0.5,
  noConcernNoSafety: 1.01,
  underTriage,
  overTriage,
  noConcernUrgent: 0,
});

describe('pareto front of the safety thresholds', () => {
  it('keeps only points no other point beats on both rates, by rising over-triage', () => {
    const front = paretoFront([pt(0.05, 0.1), pt(0.03, 0.2), pt(0.06, 0.12), pt(0.08, 0.05), pt(0.03, 0.25)]);
    expect(front.map((p) => [p.underTriage, p.overTriage])).toEqual([
      [0.08, 0.05],
      [0.05, 0.1],
      [0.03, 0.2],
    ]);
  });

  it('keeps the first of equal points', () => {
    const front = paretoFront([pt(0.04, 0.1, 0.3), pt(0.04, 0.1, 0.2)]);
    expect(front).toEqual([pt(0.04, 0.1, 0.3)]);
  });
});

describe('decision policy', () => {
  const rate = (r: number) => ({ rate: r, count: 0, of: 0 });
  const fig = (under: number, over: number, noConcern: number) => ({
    underTriage: rate(under),
    overTriage: rate(over),
    notForUsUrgent: rate(noConcern),
  });
  const hp = { targetUnderTriage: 0.02, maxOverTriage: 0.15, maxNoConcernUrgent: 0.03 };

  it('prefers settings within both budgets, and those meeting the under-triage target most', () => {
    expect(calibrationTier(fig(0.015, 0.14, 0.02), hp)).toBe(0);
    expect(calibrationTier(fig(0.025, 0.14, 0.02), hp)).toBe(1);
    expect(calibrationTier(fig(0.015, 0.16, 0.02), hp)).toBe(2);
  });

  it('measures the margin to the nearer target in standard errors, so both targets keep on new messages', () => {
    const rates = (under: number, urgent: number, over: number, routine: number) => ({
      underTriage: { rate: under / urgent, count: under, of: urgent },
      overTriage: { rate: over / routine, count: over, of: routine },
    });
    // 2,500 urgent messages: one standard error of a 2 % rate is 0.28 points; 4,500 routine: 0.53 at 15 %.
    const atUnderLimit = targetMargin(rates(49, 2500, 585, 4500), hp); // 1.96 % / 13.0 %
    const balanced = targetMargin(rates(42, 2500, 650, 4500), hp); // 1.68 % / 14.4 %
    expect(atUnderLimit).toBeCloseTo((0.02 - 49 / 2500) / Math.sqrt((0.02 * 0.98) / 2500), 6);
    expect(balanced).toBeGreaterThan(atUnderLimit);
    expect(targetMargin(rates(0, 0, 0, 10), hp)).toBeCloseTo(0.15 / Math.sqrt((0.15 * 0.85) / 10), 6);
  });

  it('does not buy under-triage with mail for someone else given P1/P2', () => {
    expect(calibrationTier(fig(0.015, 0.14, 0.05), hp)).toBe(2);
  });
});

describe('calibration', () => {
  // Out-of-fold predictions made up so that the blend matters: the class model sees P2 where the topic
  // usually means P4. Blending in the topic (alpha 0.6) gets the routine messages right and under-triages
  // the urgent one; the class model alone (alpha 1) gets the urgent one right and over-triages two routine
  // ones. Class accuracy prefers 0.6 (14 of 15 against 13); the policy must prefer meeting the targets.
  const topic = TOPIC_SLUGS.indexOf('beschwerde_sonstiges');
  const topicProbs = Float64Array.from(TOPIC_SLUGS, (_, t) => (t === topic ? 1 : 0));
  const classGivenTopic = TOPIC_SLUGS.map(() => [0.005, 0.005, 0.04, 0.95]);
  const urgent = { cls: 'P2' as const, probs: [0.02, 0.85, 0.07, 0.06] };
  const doubtful = { cls: 'P4' as const, probs: [0.02, 0.6, 0.03, 0.35] };
  const routine = { cls: 'P4' as const, probs: [0.01, 0.01, 0.01, 0.97] };
  const hp = {
    ...DEFAULT_HYPERPARAMETERS,
    alphaGrid: [0.6, 1],
    thresholdGrid: [1.01],
    noConcernGrid: [1.01],
  };

  const run = (cases: readonly { cls: PriorityClass; probs: number[] }[]) => {
    const examples: TrainingExample[] = cases.map((c, i) => ({
      id: `x-${i}`,
      text: 'Beschwerde',
      topic: 'beschwerde_sonstiges',
      priorityClass: c.cls,
    }));
    const prep: Prepared = {
      inputDefaults: undefined,
      rows: [],
      classRows: [],
      hashOf: new Uint32Array(0),
      signals: cases.map(() => []),
      health: cases.map(() => true),
      otherBusiness: cases.map(() => undefined),
      language: cases.map(() => 'de'),
    };
    const oof = {
      topicProbs: cases.map(() => topicProbs),
      classProbs: cases.map((c) => Float64Array.from(c.probs)),
    };
    return calibrate(examples, prep, oof, classGivenTopic, hp);
  };

  it('chooses the blend together with the thresholds, by the policy rather than by class accuracy', () => {
    const c = run([urgent, doubtful, doubtful, ...Array.from({ length: 12 }, () => routine)]);
    expect(c.decision.alpha).toBe(1);
    expect(c.withSafety.underTriage.count).toBe(0);
    expect(c.withSafety.overTriage.count).toBe(2);
    expect(c.withSafety.classAccuracy).toBeCloseTo(13 / 15);
  });

  it('prefers a margin to both targets over the least over-triage', () => {
    // Blending in the topic (alpha 0.6) under-triages one of 50 urgent messages (2 %: just at the target) and
    // over-triages none; the class model alone (alpha 1) under-triages none and over-triages 5 of 50 (10 %).
    const clearlyUrgent = { cls: 'P2' as const, probs: [0.01, 0.97, 0.01, 0.01] };
    const c = run([
      urgent,
      ...Array.from({ length: 49 }, () => clearlyUrgent),
      ...Array.from({ length: 5 }, () => doubtful),
      ...Array.from({ length: 45 }, () => routine),
    ]);
    expect(c.decision.alpha).toBe(1);
    expect(c.withSafety.underTriage.count).toBe(0);
    expect(c.withSafety.overTriage.count).toBe(5);
  });

  it('takes the blend further from the targets when both meet them', () => {
    const c = run([doubtful, doubtful, ...Array.from({ length: 12 }, () => routine)]);
    expect(c.decision.alpha).toBe(0.6);
    expect(c.withSafety.overTriage.count).toBe(0);
  });
});
