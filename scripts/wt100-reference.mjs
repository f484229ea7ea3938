// Computes the best known totals for the benchmark's 125 generated 100-job instances and writes them to
// src/bench/wt100-reference.ts. Each instance gets the best of three long runs of the solver's iterated
// local search (different seeds, many more kicks than the default), so the reference is what the solver
// finds with far more time. Takes about 40 minutes on one core of the development machine.
//
//   npm run build && node scripts/wt100-reference.mjs [--iterations 20000] [--out FILE]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { scheduleWeightedTardiness } from '../dist/backlog/schedule.js';
import { fingerprint, wt100Instances } from '../dist/bench/wt100.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '20000' },
    out: { type: 'string', default: path.join(root, 'src/bench/wt100-reference.ts') },
  },
});
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 1)
  throw new Error('--iterations must be a positive integer');
const seeds = [1, 2, 3];

const instances = wt100Instances();
const best = [];
const started = performance.now();
for (const [i, jobs] of instances.entries()) {
  let value = Infinity;
  for (const seed of seeds) {
    value = Math.min(value, scheduleWeightedTardiness(jobs, { iterations, seed }).totalWeightedTardiness);
  }
  best.push(value);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`\r${i + 1}/${instances.length} instances, ${seconds.toFixed(0)} s`);
}
process.stderr.write('\n');

const text = `// Written by scripts/wt100-reference.mjs; do not edit. Best of ${seeds.length} runs with ${iterations} kicks each
// (seeds ${seeds.join(', ')}) per instance of wt100Instances(), in its order.
export const WT100_REFERENCE = {
  fingerprint: '${fingerprint(instances)}',
  iterations: ${iterations},
  totals: [${best.join(', ')}],
} as const;
`;
const options = { ...(await prettier.resolveConfig(values.out)), filepath: values.out };
fs.writeFileSync(values.out, await prettier.format(text, options));
process.stderr.write(`wrote ${values.out}\n`);
