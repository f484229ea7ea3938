/**
 * Benchmark of `scheduleWeightedTardiness` on the OR-Library wt40 set (125 instances with known optima)
 * and on 125 100-job instances built with the OR-Library recipe, against the best totals known for them
 * (`wt100.ts`). Plain ATC (k = 2), EDD and WSPT are measured in the same run for comparison.
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
import { WT100_REFERENCE } from './wt100-reference.js';
import { fingerprint, wt100Instances } from './wt100.js';

/** A solver's totals against the best ones: the optima (wt40) or the best known totals (wt100-style). */
interface Figures {
  sum: number;
  sumBest: number;
  gapPercent: number;
  atBestInstances: number;
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
  let sumBest = 0;
  let optimal = 0;
  let maxMs = 0;
  let totalMs = 0;
  instances.forEach((jobs, i) => {
    const started = performance.now();
    const value = solve(jobs);
    const ms = performance.now() - started;
    const best = optima[i]!;
    sum += value;
    sumBest += best;
    if (value === best) optimal++;
    maxMs = Math.max(maxMs, ms);
    totalMs += ms;
  });
  return {
    sum,
    sumBest,
    gapPercent: round(sumBest > 0 ? ((sum - sumBest) / sumBest) * 100 : 0, 4),
    atBestInstances: optimal,
    maxMs: round(maxMs, 2),
    meanMs: round(instances.length > 0 ? totalMs / instances.length : 0, 2),
  };
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
    `wt40 solver: gap ${solver.gapPercent}% (${solver.sum} vs ${solver.sumBest}), ` +
      `${solver.atBestInstances}/${instances.length} optimal, mean ${solver.meanMs} ms, max ${solver.maxMs} ms`,
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
    ctx.log(`wt40 ${name}: gap ${f.gapPercent}%, ${f.atBestInstances}/${instances.length} optimal`);
  }

  // 100-job instances generated with the OR-Library recipe, against the best totals known for them.
  const generated = wt100Instances();
  if (fingerprint(generated) !== WT100_REFERENCE.fingerprint) {
    throw new Error(
      'wt100: the generated instances differ from the reference; run scripts/wt100-reference.mjs',
    );
  }
  const reference = WT100_REFERENCE.totals;
  const n100 = {
    instances: generated.length,
    referenceKicks: WT100_REFERENCE.iterations,
    solver: measure(generated, reference, (jobs) => scheduleWeightedTardiness(jobs).totalWeightedTardiness),
    atc2: measure(
      generated,
      reference,
      viaOrder((jobs) => atcOrder(jobs, 2)),
    ),
  };
  ctx.log(
    `wt100-style solver: gap ${n100.solver.gapPercent}% to the reference, ` +
      `${n100.solver.atBestInstances}/${generated.length} equal to it, ` +
      `mean ${n100.solver.meanMs} ms, max ${n100.solver.maxMs} ms per instance`,
  );
  ctx.log(`wt100-style ATC k=2: gap ${n100.atc2.gapPercent}% to the reference`);

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
