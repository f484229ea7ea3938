/**
 * A fixed set of 125 single-worker instances with 100 jobs, built with the OR-Library recipe for wt100
 * (five per pair of tardiness factor TF and due-date range RDD, both 0.2 … 1.0), and the best totals
 * known for them (`wt100-reference.ts`). OR-Library's own wt100 file is not in the shared bench data, so
 * the schedule benchmark measures the solver's default on these instances against that reference.
 */
import type { WtJob } from '../backlog/schedule.js';

/** Seeded uniform integers (splitmix-style), fixed so every machine builds the same instances. */
function generator(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    const u = ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(u * (hi - lo + 1));
  };
}

/** OR-Library recipe: p ~ U[1,100], w ~ U[1,10], d ~ U[P(1 − TF − RDD/2), P(1 − TF + RDD/2)], clipped at 0. */
export function orlibStyleInstance(n: number, tf: number, rdd: number, seed: number): WtJob[] {
  const pick = generator(seed);
  const p = Array.from({ length: n }, () => pick(1, 100));
  const w = Array.from({ length: n }, () => pick(1, 10));
  const total = p.reduce((a, b) => a + b, 0);
  const lo = Math.max(0, Math.round(total * (1 - tf - rdd / 2)));
  const hi = Math.max(lo, Math.round(total * (1 - tf + rdd / 2)));
  return p.map((pj, j) => ({ id: j + 1, p: pj, w: w[j]!, d: pick(lo, hi) }));
}

const FACTORS = [0.2, 0.4, 0.6, 0.8, 1.0] as const;
const FIRST_SEED = 1000;

/** The 125 instances, in the order TF, then RDD, then the five seeds. */
export function wt100Instances(): WtJob[][] {
  const out: WtJob[][] = [];
  let seed = FIRST_SEED;
  for (const tf of FACTORS) {
    for (const rdd of FACTORS) for (let r = 0; r < 5; r++) out.push(orlibStyleInstance(100, tf, rdd, seed++));
  }
  return out;
}

/** FNV-1a over every job's p, w and d: ties the stored reference to the instances it was computed for. */
export function fingerprint(instances: readonly (readonly WtJob[])[]): string {
  let h = 0x811c9dc5;
  for (const jobs of instances) {
    for (const j of jobs) {
      for (const v of [j.p, j.w, j.d]) {
        h = Math.imul(h ^ (v & 0xffff), 0x01000193) >>> 0;
        h = Math.imul(h ^ (v >>> 16), 0x01000193) >>> 0;
      }
    }
  }
  return h.toString(16).padStart(8, '0');
}
