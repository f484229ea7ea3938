import { describe, expect, it } from 'vitest';
import { calibrationTier, paretoFront, type ParetoPoint } from './train.js';

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

  it('does not buy under-triage with mail for someone else given P1/P2', () => {
    expect(calibrationTier(fig(0.015, 0.14, 0.05), hp)).toBe(2);
  });
});
