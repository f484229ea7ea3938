import { describe, expect, it } from 'vitest';
import { scheduleWeightedTardiness, totalWeightedTardiness } from '../backlog/schedule.js';
import { WT100_REFERENCE } from './wt100-reference.js';
import { fingerprint, orlibStyleInstance, wt100Instances } from './wt100.js';

describe('wt100-style benchmark instances', () => {
  const instances = wt100Instances();

  it('are the instances the stored reference was computed for', () => {
    expect(instances).toHaveLength(125);
    expect(WT100_REFERENCE.totals).toHaveLength(instances.length);
    expect(fingerprint(instances)).toBe(WT100_REFERENCE.fingerprint);
  });

  it('follow the OR-Library recipe, in the order TF, RDD, seed', () => {
    const factors = [0.2, 0.4, 0.6, 0.8, 1.0];
    for (const [i, jobs] of instances.entries()) {
      const tf = factors[Math.floor(i / 25)]!;
      const rdd = factors[Math.floor(i / 5) % 5]!;
      const total = jobs.reduce((sum, j) => sum + j.p, 0);
      const lo = Math.max(0, Math.round(total * (1 - tf - rdd / 2)));
      const hi = Math.max(lo, Math.round(total * (1 - tf + rdd / 2)));
      expect(jobs).toHaveLength(100);
      for (const j of jobs) {
        expect(j.p).toBeGreaterThanOrEqual(1);
        expect(j.p).toBeLessThanOrEqual(100);
        expect(j.w).toBeGreaterThanOrEqual(1);
        expect(j.w).toBeLessThanOrEqual(10);
        expect(j.d).toBeGreaterThanOrEqual(lo);
        expect(j.d).toBeLessThanOrEqual(hi);
      }
    }
  });

  it('the fingerprint changes with any job', () => {
    const jobs = orlibStyleInstance(100, 0.6, 0.4, 7);
    const changed = jobs.map((j, i) => (i === 50 ? { ...j, d: j.d + 1 } : j));
    expect(fingerprint([changed])).not.toBe(fingerprint([jobs]));
  });

  it('no reference total is beaten by the default solver on easy instances', () => {
    // The first five (TF 0.2, RDD 0.2) solve in milliseconds; a reference above the solver's total would
    // mean the stored totals do not belong to these instances.
    for (const [i, jobs] of instances.slice(0, 5).entries()) {
      const result = scheduleWeightedTardiness(jobs);
      expect(totalWeightedTardiness(jobs, result.order)).toBe(result.totalWeightedTardiness);
      expect(result.totalWeightedTardiness).toBeGreaterThanOrEqual(WT100_REFERENCE.totals[i]!);
    }
  });
});
