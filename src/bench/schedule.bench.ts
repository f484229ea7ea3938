/**
 * Benchmark of `scheduleWeightedTardiness` on the OR-Library wt40 set (125 instances with known optima)
 * and on freshly generated 100-job instances built with the OR-Library recipe. Plain ATC (k = 2), EDD and
 * WSPT are measured in the same run for comparison.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  atcOrder,
  eddOrder,
  scheduleWeightedTardiness,
  totalWeightedTardiness,
  wsptOrder,
} from '../backlog/schedule.js';
import type { JobId, WtJob } from '../backlog/schedule.js';
import { parseWtInstances, parseWtOptima } from '../backlog/wt-instances.js';

interface Figures {
  sum: number;
  sumOptima: number;
  gapPercent: number;
  optimalInstances: number;
  maxMs: number;
  meanMs: number;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function measure(
  instances: readonly WtJob[][],
  optima: readonly number[],
  solve: (jobs: WtJob[]) => number,
): Figures {
  let sum = 0;
  let sumOptima = 0;
  let optimal = 0;
  let maxMs = 0;
  let totalMs = 0;
  instances.forEach((jobs, i) => {
    const started = performance.now();
    const value = solve(jobs);
    const ms = performance.now() - started;
    const best = optima[i]!;
    sum += value;
    sumOptima += best;
    if (value === best) optimal++;
    maxMs = Math.max(maxMs, ms);
    totalMs += ms;
  });
  return {
    sum,
    sumOptima,
    gapPercent: round(sumOptima > 0 ? ((sum - sumOptima) / sumOptima) * 100 : 0, 4),
    optimalInstances: optimal,
    maxMs: round(maxMs, 2),
    meanMs: round(instances.length > 0 ? totalMs / instances.length : 0, 2),
  };
}

/** Seeded uniform integers for the instance generator (fixed so runs are comparable). */
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

export async function bench(ctx: {
  sharedDir: string;
  log: (line: string) => void;
}): Promise<Record<string, unknown>> {
  const dir = join(ctx.sharedDir, 'bench', 'orlib');
  const [instText, optText] = await Promise.all([
    readFile(join(dir, 'wt40.txt'), 'utf8'),
    readFile(join(dir, 'wtopt40.txt'), 'utf8'),
  ]);
  const instances = parseWtInstances(instText, 40).map((x) => x.jobs);
  const optima = parseWtOptima(optText);
  if (optima.length !== instances.length) {
    throw new Error(`wt40: ${instances.length} instances but ${optima.length} optima`);
  }

  const viaOrder = (order: (jobs: WtJob[]) => JobId[]) => (jobs: WtJob[]) =>
    totalWeightedTardiness(jobs, order(jobs));
  // Warm up the JIT so the first instances are not charged for compilation.
  for (const jobs of instances.slice(0, 3)) scheduleWeightedTardiness(jobs);

  const solver = measure(instances, optima, (jobs) => scheduleWeightedTardiness(jobs).totalWeightedTardiness);
  ctx.log(
    `wt40 solver: gap ${solver.gapPercent}% (${solver.sum} vs ${solver.sumOptima}), ` +
      `${solver.optimalInstances}/${instances.length} optimal, mean ${solver.meanMs} ms, max ${solver.maxMs} ms`,
  );
  const atc2 = measure(
    instances,
    optima,
    viaOrder((jobs) => atcOrder(jobs, 2)),
  );
  const edd = measure(instances, optima, viaOrder(eddOrder));
  const wspt = measure(instances, optima, viaOrder(wsptOrder));
  for (const [name, f] of [
    ['ATC k=2', atc2],
    ['EDD', edd],
    ['WSPT', wspt],
  ] as const) {
    ctx.log(`wt40 ${name}: gap ${f.gapPercent}%, ${f.optimalInstances}/${instances.length} optimal`);
  }

  // Random 100-job instances: one per (TF, RDD) pair of the OR-Library grid.
  const generated: WtJob[][] = [];
  let seed = 1;
  for (const tf of [0.2, 0.4, 0.6, 0.8, 1.0]) {
    for (const rdd of [0.2, 0.4, 0.6, 0.8, 1.0]) generated.push(orlibStyleInstance(100, tf, rdd, seed++));
  }
  let maxMs = 0;
  let totalMs = 0;
  let solverSum = 0;
  let atcSum = 0;
  for (const jobs of generated) {
    const started = performance.now();
    const value = scheduleWeightedTardiness(jobs).totalWeightedTardiness;
    const ms = performance.now() - started;
    maxMs = Math.max(maxMs, ms);
    totalMs += ms;
    solverSum += value;
    atcSum += totalWeightedTardiness(jobs, atcOrder(jobs, 2));
  }
  const n100 = {
    instances: generated.length,
    meanMs: round(totalMs / generated.length, 2),
    maxMs: round(maxMs, 2),
    solverSum,
    atc2Sum: atcSum,
    improvementOverAtc2Percent: round(atcSum > 0 ? ((atcSum - solverSum) / atcSum) * 100 : 0, 3),
  };
  ctx.log(`n=100 random: mean ${n100.meanMs} ms, max ${n100.maxMs} ms per instance`);

  return {
    wt40: {
      instances: instances.length,
      solver,
      atc2: atc2,
      edd,
      wspt,
    },
    n100,
  };
}
