import { describe, expect, it } from 'vitest';
import { paretoFront, type ParetoPoint } from './train.js';

const pt = (underTriage: number, overTriage: number, p1Threshold = 0.5): ParetoPoint => ({
  p1Threshold,
  urgentThreshold: 0.5,
  noConcernNoSafety: 1.01,
  underTriage,
  overTriage,
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
