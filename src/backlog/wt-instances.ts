/**
 * Readers for the OR-Library weighted-tardiness benchmark files (wt40/wt50/wt100 and their optima).
 * An instance file is a plain stream of integers: for each instance, n processing times, then n weights,
 * then n due dates. Line breaks carry no meaning.
 */
import type { WtJob } from './schedule.js';

export interface WtInstance {
  /** 1-based position of the instance in the file. */
  index: number;
  jobs: WtJob[];
}

function integers(text: string, what: string): number[] {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  return tokens.map((t, i) => {
    if (!/^-?\d+$/.test(t)) throw new Error(`${what}: token ${i + 1} "${t}" is not an integer`);
    return Number(t);
  });
}

/** Parses an OR-Library wt file with n jobs per instance. Job ids are 1..n. */
export function parseWtInstances(text: string, n: number): WtInstance[] {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError('jobs per instance must be a positive integer');
  const values = integers(text, 'wt instances');
  if (values.length % (3 * n) !== 0) {
    throw new Error(`wt instances: ${values.length} numbers is not a multiple of 3 × ${n}`);
  }
  const out: WtInstance[] = [];
  for (let base = 0; base < values.length; base += 3 * n) {
    const jobs: WtJob[] = [];
    for (let j = 0; j < n; j++) {
      jobs.push({ id: j + 1, p: values[base + j]!, w: values[base + n + j]!, d: values[base + 2 * n + j]! });
    }
    out.push({ index: out.length + 1, jobs });
  }
  return out;
}

/** Parses a file of optimal (or best known) objective values, one per instance. */
export function parseWtOptima(text: string): number[] {
  return integers(text, 'wt optima');
}
