/**
 * Single-machine total weighted tardiness (1||ΣwT): every job is available at time 0 and one worker
 * processes them one after another. A job finishing at C costs w · max(0, C − d).
 *
 * The solver works in three stages:
 *   1. exact dynamic programme over subsets for small instances (n ≤ `exactUpTo`, default 14);
 *   2. constructive starts (ATC for a grid of look-ahead values k, EDD, WSPT, MDD, WMDD), each polished by
 *      a variable-neighbourhood descent over insertion and pairwise-interchange moves;
 *   3. iterated local search from the best local optimum: random interchange kicks followed by the same
 *      descent, driven by a seeded generator so the result depends only on the input and the options.
 *
 * Move deltas are computed from cached completion times and per-position costs, so one forward or
 * backward insertion sweep for a job is linear in the window length.
 */

export type JobId = string | number;

export interface WtJob {
  readonly id: JobId;
  /** Processing time, integer > 0. */
  readonly p: number;
  /** Weight, integer ≥ 0. */
  readonly w: number;
  /** Due date, integer ≥ 0. */
  readonly d: number;
}

export interface ScheduleOptions {
  /** Seed of the perturbation generator (default 0x5eed). */
  seed?: number;
  /** Iterated-local-search kicks; default grows with n (see `defaultIterations`). 0 disables the ILS. */
  iterations?: number;
  /** Solve exactly by subset DP when n ≤ this (default 14, capped at 20). 0 forces the heuristic. */
  exactUpTo?: number;
  /** Optional wall-clock cap for the ILS stage. Makes results timing-dependent, so off by default. */
  timeLimitMs?: number;
  /** Look-ahead values for the ATC starts (default `DEFAULT_ATC_KS`). */
  atcKs?: readonly number[];
}

export interface ScheduleResult {
  order: JobId[];
  totalWeightedTardiness: number;
}

export const DEFAULT_ATC_KS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5];
const DEFAULT_SEED = 0x5eed;
const DEFAULT_EXACT_UP_TO = 14;
const MAX_EXACT = 20;

export class ScheduleInputError extends Error {
  override name = 'ScheduleInputError';
}

// ---------------------------------------------------------------------------------------------------------
// Validation

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  if (text === undefined) return typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function checkInt(value: unknown, where: string, min: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > Number.MAX_SAFE_INTEGER) {
    throw new ScheduleInputError(
      `${where} must be at most ${Number.MAX_SAFE_INTEGER} (got ${describe(value)})`,
    );
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const rule = min > 0 ? 'an integer > 0' : 'an integer >= 0';
    throw new ScheduleInputError(`${where} must be ${rule} (got ${describe(value)})`);
  }
  return value;
}

/**
 * Checks an already parsed input document `{ "jobs": [...] }` and returns the jobs. Throws
 * `ScheduleInputError` with a one-line message naming the offending field.
 */
export function parseJobsDocument(doc: unknown): WtJob[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ScheduleInputError('input must be a JSON object with a "jobs" array');
  }
  const list = (doc as { jobs?: unknown }).jobs;
  if (!Array.isArray(list)) {
    throw new ScheduleInputError('input must have a "jobs" array');
  }
  return validateJobs(list as unknown[], 'jobs');
}

/** Validates a list of job-like values (ids unique per JSON type and value, integer p/w/d). */
export function validateJobs(list: readonly unknown[], label = 'jobs'): WtJob[] {
  const seen = new Set<JobId>();
  const jobs: WtJob[] = [];
  let sumP = 0;
  let sumW = 0;
  list.forEach((raw, i) => {
    const where = `${label}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ScheduleInputError(`${where} must be an object with id, p, w and d`);
    }
    const rec = raw as Record<string, unknown>;
    const id = rec['id'];
    if (typeof id === 'string') {
      if (id.length === 0) throw new ScheduleInputError(`${where}.id must not be empty`);
    } else if (typeof id !== 'number' || !Number.isFinite(id)) {
      throw new ScheduleInputError(`${where}.id must be a string or a finite number (got ${describe(id)})`);
    } else if (Number.isInteger(id) && !Number.isSafeInteger(id)) {
      // JSON.parse has already rounded such a number, so it could neither be told apart from its
      // neighbours nor be echoed as sent.
      throw new ScheduleInputError(
        `${where}.id ${describe(id)} is beyond ${Number.MAX_SAFE_INTEGER} and cannot be kept exactly; send it as a string`,
      );
    }
    if (seen.has(id)) throw new ScheduleInputError(`${where}.id ${describe(id)} is a duplicate`);
    seen.add(id);
    const p = checkInt(rec['p'], `${where}.p`, 1);
    const w = checkInt(rec['w'], `${where}.w`, 0);
    const d = checkInt(rec['d'], `${where}.d`, 0);
    sumP += p;
    sumW += w;
    jobs.push({ id, p, w, d });
  });
  // No job is later than Σp, so Σw · Σp bounds every total: within 2^53 every sum is computed exactly.
  if (sumP * sumW > Number.MAX_SAFE_INTEGER) {
    throw new ScheduleInputError(
      `${label} are too large to compute exactly: the sum of weights times the sum of processing times ` +
        `(${sumW} × ${sumP}) must not exceed ${Number.MAX_SAFE_INTEGER}`,
    );
  }
  return jobs;
}

// ---------------------------------------------------------------------------------------------------------
// Objective and dispatch rules

function indexOf(jobs: readonly WtJob[]): Map<JobId, number> {
  const map = new Map<JobId, number>();
  jobs.forEach((job, i) => map.set(job.id, i));
  return map;
}

/** Converts an order of ids to job indices; throws RangeError unless it is a permutation of the jobs. */
export function orderToIndices(jobs: readonly WtJob[], order: readonly JobId[]): number[] {
  if (order.length !== jobs.length) {
    throw new RangeError(`order has ${order.length} entries but there are ${jobs.length} jobs`);
  }
  const where = indexOf(jobs);
  const used = new Uint8Array(jobs.length);
  return order.map((id) => {
    const i = where.get(id);
    if (i === undefined) throw new RangeError(`order contains unknown id ${describe(id)}`);
    if (used[i]) throw new RangeError(`order contains id ${describe(id)} twice`);
    used[i] = 1;
    return i;
  });
}

/** Σ w_j · max(0, C_j − d_j) when the jobs are processed back to back from time 0 in `order` (ids). */
export function totalWeightedTardiness(jobs: readonly WtJob[], order: readonly JobId[]): number {
  let t = 0;
  let total = 0;
  for (const i of orderToIndices(jobs, order)) {
    const job = jobs[i]!;
    t += job.p;
    if (t > job.d) total += job.w * (t - job.d);
  }
  return total;
}

/**
 * Natural logarithm of the Apparent Tardiness Cost priority of a job at time t:
 * (w/p) · exp(−max(0, d − p − t) / (k · pBar)). Kept in log space so that large slacks do not underflow
 * to ties; a job of weight 0 gets −Infinity. Higher means "schedule sooner".
 */
export function atcLogIndex(
  job: { readonly p: number; readonly w: number; readonly d: number },
  t: number,
  k: number,
  pBar: number,
): number {
  if (job.w <= 0) return -Infinity;
  const slack = Math.max(0, job.d - job.p - t);
  return Math.log(job.w / job.p) - slack / (k * pBar);
}

interface Instance {
  n: number;
  p: Float64Array;
  w: Float64Array;
  d: Float64Array;
}

function toInstance(jobs: readonly WtJob[]): Instance {
  const n = jobs.length;
  const inst = { n, p: new Float64Array(n), w: new Float64Array(n), d: new Float64Array(n) };
  jobs.forEach((job, i) => {
    inst.p[i] = job.p;
    inst.w[i] = job.w;
    inst.d[i] = job.d;
  });
  return inst;
}

function sequenceCost(inst: Instance, seq: ArrayLike<number>): number {
  const { p, w, d } = inst;
  let t = 0;
  let total = 0;
  for (let k = 0; k < seq.length; k++) {
    const j = seq[k]!;
    t += p[j]!;
    const late = t - d[j]!;
    if (late > 0) total += w[j]! * late;
  }
  return total;
}

/**
 * Generic dynamic list scheduler: repeatedly appends the unscheduled job with the smallest key at the
 * current time; ties go to the earlier due date, then the lower index. O(n²).
 */
function dynamicOrder(inst: Instance, key: (j: number, t: number) => number): Int32Array {
  const { n, p, d } = inst;
  const left = Int32Array.from({ length: n }, (_, i) => i);
  const seq = new Int32Array(n);
  let size = n;
  let t = 0;
  for (let pos = 0; pos < n; pos++) {
    let bestAt = 0;
    let bestKey = Infinity;
    for (let a = 0; a < size; a++) {
      const j = left[a]!;
      const value = key(j, t);
      const b = left[bestAt]!;
      if (a === 0 || value < bestKey || (value === bestKey && (d[j]! < d[b]! || (d[j] === d[b] && j < b)))) {
        bestKey = value;
        bestAt = a;
      }
    }
    const chosen = left[bestAt]!;
    left[bestAt] = left[--size]!;
    seq[pos] = chosen;
    t += p[chosen]!;
  }
  return seq;
}

function atcSequence(inst: Instance, k: number): Int32Array {
  const { n, p, w, d } = inst;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += p[j]!;
  const pBar = n > 0 ? sum / n : 1;
  const scale = k * pBar;
  const logRatio = Float64Array.from({ length: n }, (_, j) =>
    w[j]! > 0 ? Math.log(w[j]! / p[j]!) : -Infinity,
  );
  // dynamicOrder minimises, ATC maximises the index.
  return dynamicOrder(inst, (j, t) => -(logRatio[j]! - Math.max(0, d[j]! - p[j]! - t) / scale));
}

function staticOrder(inst: Instance, compare: (a: number, b: number) => number): Int32Array {
  const idx = Array.from({ length: inst.n }, (_, i) => i);
  idx.sort((a, b) => compare(a, b) || a - b);
  return Int32Array.from(idx);
}

function eddSequence(inst: Instance): Int32Array {
  const { p, w, d } = inst;
  return staticOrder(inst, (a, b) => d[a]! - d[b]! || p[a]! * w[b]! - p[b]! * w[a]!);
}

function wsptSequence(inst: Instance): Int32Array {
  const { p, w, d } = inst;
  // p_a / w_a < p_b / w_b  ⇔  p_a · w_b < p_b · w_a; zero weights sort last.
  return staticOrder(inst, (a, b) => {
    const za = w[a] === 0;
    const zb = w[b] === 0;
    if (za !== zb) return za ? 1 : -1;
    if (za) return d[a]! - d[b]!;
    return p[a]! * w[b]! - p[b]! * w[a]! || d[a]! - d[b]!;
  });
}

function mddSequence(inst: Instance): Int32Array {
  const { p, d } = inst;
  return dynamicOrder(inst, (j, t) => Math.max(t + p[j]!, d[j]!));
}

function wmddSequence(inst: Instance): Int32Array {
  const { p, w, d } = inst;
  return dynamicOrder(inst, (j, t) => (w[j]! > 0 ? Math.max(p[j]!, d[j]! - t) / w[j]! : Infinity));
}

function fromSequence(jobs: readonly WtJob[], seq: ArrayLike<number>): JobId[] {
  return Array.from(seq as ArrayLike<number>, (j) => jobs[j]!.id);
}

/** ATC dispatch order (ids) for look-ahead parameter k > 0. */
export function atcOrder(jobs: readonly WtJob[], k: number): JobId[] {
  if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`ATC look-ahead k must be a positive number`);
  return fromSequence(jobs, atcSequence(toInstance(jobs), k));
}

/** Earliest due date order (ties: WSPT). */
export function eddOrder(jobs: readonly WtJob[]): JobId[] {
  return fromSequence(jobs, eddSequence(toInstance(jobs)));
}

/** Weighted shortest processing time order (zero weights last). */
export function wsptOrder(jobs: readonly WtJob[]): JobId[] {
  return fromSequence(jobs, wsptSequence(toInstance(jobs)));
}

/** Weighted modified due date dispatch order. */
export function wmddOrder(jobs: readonly WtJob[]): JobId[] {
  return fromSequence(jobs, wmddSequence(toInstance(jobs)));
}

// ---------------------------------------------------------------------------------------------------------
// Exact DP over subsets (small n)

function exactSequence(inst: Instance): Int32Array {
  const { n, p, w, d } = inst;
  const size = 1 << n;
  const best = new Float64Array(size).fill(Infinity);
  const lastJob = new Int8Array(size);
  const length = new Float64Array(size);
  best[0] = 0;
  for (let set = 1; set < size; set++) {
    const low = set & -set;
    length[set] = length[set ^ low]! + p[31 - Math.clz32(low)]!;
    const finish = length[set]!;
    let value = Infinity;
    let arg = -1;
    for (let rest = set; rest !== 0; rest &= rest - 1) {
      const bit = rest & -rest;
      const j = 31 - Math.clz32(bit);
      const late = finish - d[j]!;
      const candidate = best[set ^ bit]! + (late > 0 ? w[j]! * late : 0);
      if (candidate < value) {
        value = candidate;
        arg = j;
      }
    }
    best[set] = value;
    lastJob[set] = arg;
  }
  const seq = new Int32Array(n);
  let set = size - 1;
  for (let pos = n - 1; pos >= 0; pos--) {
    const j = lastJob[set]!;
    seq[pos] = j;
    set ^= 1 << j;
  }
  return seq;
}

// ---------------------------------------------------------------------------------------------------------
// Local search

/** Small deterministic 32-bit generator (xorshift-multiply mix of a Weyl sequence). */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
  /** Uniform integer in [0, bound). */
  below(bound: number): number {
    return Math.floor((this.next() / 4294967296) * bound);
  }
}

class Descent {
  readonly n: number;
  readonly seq: Int32Array;
  /** Completion time of the job at each position. */
  readonly comp: Float64Array;
  /** Weighted tardiness of the job at each position. */
  readonly cost: Float64Array;
  /** prefix[k] = Σ cost[0..k-1]. */
  readonly prefix: Float64Array;
  total = 0;

  constructor(
    private readonly inst: Instance,
    private readonly window: number,
  ) {
    this.n = inst.n;
    this.seq = new Int32Array(this.n);
    this.comp = new Float64Array(this.n);
    this.cost = new Float64Array(this.n);
    this.prefix = new Float64Array(this.n + 1);
  }

  load(seq: ArrayLike<number>): void {
    this.seq.set(seq as ArrayLike<number>);
    this.refresh(0);
  }

  /** Recomputes cached completion times and costs from position `from` on. */
  refresh(from: number): void {
    const { p, w, d } = this.inst;
    const { seq, comp, cost, prefix, n } = this;
    let t = from > 0 ? comp[from - 1]! : 0;
    for (let k = from; k < n; k++) {
      const j = seq[k]!;
      t += p[j]!;
      comp[k] = t;
      const late = t - d[j]!;
      const c = late > 0 ? w[j]! * late : 0;
      cost[k] = c;
      prefix[k + 1] = prefix[k]! + c;
    }
    this.total = prefix[n]!;
  }

  /** Best insertion of the job at position i (within the window); applies it if improving. */
  private insertFrom(i: number): boolean {
    const { p, w, d } = this.inst;
    const { seq, comp, cost, prefix, n } = this;
    const a = seq[i]!;
    const pa = p[a]!;
    const wa = w[a]!;
    const da = d[a]!;
    const own = cost[i]!;
    let bestDelta = 0;
    let bestTo = -1;
    // Forward: jobs i+1..j finish pa earlier, a finishes at comp[j].
    let acc = 0;
    const fwdEnd = Math.min(n - 1, i + this.window);
    for (let j = i + 1; j <= fwdEnd; j++) {
      const x = seq[j]!;
      const late = comp[j]! - pa - d[x]!;
      acc += (late > 0 ? w[x]! * late : 0) - cost[j]!;
      const aLate = comp[j]! - da;
      const aCost = aLate > 0 ? wa * aLate : 0;
      const delta = acc + aCost - own;
      if (delta < bestDelta) {
        bestDelta = delta;
        bestTo = j;
      }
      // Further on, a only gets later and the remaining jobs can save at most their current cost.
      if (delta - (prefix[fwdEnd + 1]! - prefix[j + 1]!) >= bestDelta) break;
    }
    // Backward: jobs j..i-1 finish pa later, a finishes at (start of j) + pa. acc only grows, and a's
    // new cost is ≥ 0, so once acc − own reaches the best delta no further j can win.
    acc = 0;
    const backEnd = Math.max(0, i - this.window);
    for (let j = i - 1; j >= backEnd; j--) {
      const x = seq[j]!;
      const late = comp[j]! + pa - d[x]!;
      acc += (late > 0 ? w[x]! * late : 0) - cost[j]!;
      if (acc - own >= bestDelta) break;
      const aLate = (j > 0 ? comp[j - 1]! : 0) + pa - da;
      const delta = acc + (aLate > 0 ? wa * aLate : 0) - own;
      if (delta < bestDelta) {
        bestDelta = delta;
        bestTo = j;
      }
    }
    if (bestTo < 0) return false;
    if (bestTo > i) seq.copyWithin(i, i + 1, bestTo + 1);
    else seq.copyWithin(bestTo + 1, bestTo, i);
    seq[bestTo] = a;
    this.refresh(Math.min(i, bestTo));
    return true;
  }

  /** Best interchange of the job at position i with a later job (within the window). */
  private swapFrom(i: number): boolean {
    const { p, w, d } = this.inst;
    const { seq, comp, cost, prefix, n } = this;
    const a = seq[i]!;
    const pa = p[a]!;
    const wa = w[a]!;
    const da = d[a]!;
    const start = i > 0 ? comp[i - 1]! : 0;
    let bestDelta = 0;
    let bestJ = -1;
    const end = Math.min(n - 1, i + this.window);
    for (let j = i + 1; j <= end; j++) {
      const b = seq[j]!;
      const pb = p[b]!;
      const bLate = start + pb - d[b]!;
      const aLate = comp[j]! - da;
      const ends = (bLate > 0 ? w[b]! * bLate : 0) + (aLate > 0 ? wa * aLate : 0) - cost[i]! - cost[j]!;
      const shift = pb - pa;
      if (shift >= 0) {
        // Middle jobs finish later: their change is ≥ 0.
        if (ends >= bestDelta) continue;
        let delta = ends;
        for (let k = i + 1; k < j && delta < bestDelta; k++) {
          const x = seq[k]!;
          const late = comp[k]! + shift - d[x]!;
          delta += (late > 0 ? w[x]! * late : 0) - cost[k]!;
        }
        if (delta < bestDelta) {
          bestDelta = delta;
          bestJ = j;
        }
      } else {
        // Middle jobs finish earlier: they can save at most their current cost.
        if (ends - (prefix[j]! - prefix[i + 1]!) >= bestDelta) continue;
        let delta = ends;
        for (let k = i + 1; k < j; k++) {
          const c = cost[k]!;
          if (c === 0) continue;
          const x = seq[k]!;
          const late = comp[k]! + shift - d[x]!;
          delta += (late > 0 ? w[x]! * late : 0) - c;
        }
        if (delta < bestDelta) {
          bestDelta = delta;
          bestJ = j;
        }
      }
    }
    if (bestJ < 0) return false;
    seq[i] = seq[bestJ]!;
    seq[bestJ] = a;
    this.refresh(i);
    return true;
  }

  /** Variable-neighbourhood descent: insertion sweeps until stuck, then an interchange sweep, repeat. */
  descend(): number {
    const n = this.n;
    const maxSweeps = 20 * n + 100;
    for (let sweep = 0; sweep < maxSweeps && this.total > 0; sweep++) {
      let moved = false;
      for (let i = 0; i < n; i++) if (this.insertFrom(i)) moved = true;
      if (moved) continue;
      for (let i = 0; i < n - 1; i++) if (this.swapFrom(i)) moved = true;
      if (!moved) break;
    }
    return this.total;
  }
}

/** Default number of ILS kicks for n jobs. */
export function defaultIterations(n: number): number {
  if (n < 4) return 0;
  if (n > 1000) return 0;
  // One kick plus descent costs roughly O(n²); keep the ILS stage at a similar amount of work for all n.
  return Math.max(20, Math.min(2000, Math.round(1_500_000 / (n * n))));
}

/** How many of the constructive starts (best first) get a full descent. */
function polishedStarts(n: number): number {
  return n <= 300 ? Infinity : 3;
}

function defaultWindow(n: number): number {
  return n <= 300 ? n : 100;
}

function heuristicSequence(inst: Instance, options: ScheduleOptions): Int32Array {
  const n = inst.n;
  const window = defaultWindow(n);
  const starts: Int32Array[] = [eddSequence(inst), wsptSequence(inst), mddSequence(inst), wmddSequence(inst)];
  // Each ATC start is O(n²); very long lists get a coarser grid unless the caller chose one.
  const ks = options.atcKs ?? (n > 2000 ? [1, 2, 4] : DEFAULT_ATC_KS);
  for (const k of ks) {
    if (!(k > 0) || !Number.isFinite(k))
      throw new RangeError('ATC look-ahead values must be positive numbers');
    starts.push(atcSequence(inst, k));
  }

  const search = new Descent(inst, window);
  const best = new Int32Array(n);
  let bestCost = Infinity;
  const seen = new Set<string>();
  const ranked = starts
    .map((seq, at) => ({ seq, at, cost: sequenceCost(inst, seq) }))
    .sort((x, y) => x.cost - y.cost || x.at - y.at)
    .filter(({ seq }) => {
      const key = seq.join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, polishedStarts(n));
  for (const { seq: start } of ranked) {
    search.load(start);
    const value = search.descend();
    if (value < bestCost) {
      bestCost = value;
      best.set(search.seq);
      if (bestCost === 0) return best;
    }
  }

  const iterations = options.iterations ?? defaultIterations(n);
  if (iterations <= 0 || n < 3) return best;
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const deadline = options.timeLimitMs === undefined ? Infinity : performance.now() + options.timeLimitMs;
  const current = Int32Array.from(best);
  let currentCost = bestCost;
  const reach = Math.max(2, Math.min(n - 1, Math.ceil(n / 4)));
  for (let it = 0; it < iterations; it++) {
    if ((it & 15) === 15 && performance.now() > deadline) break;
    search.load(current);
    const kicks = 2 + rng.below(3);
    const { seq } = search;
    for (let s = 0; s < kicks; s++) {
      const i = rng.below(n);
      let j = i + 1 + rng.below(reach);
      if (j >= n) j = i - 1 - rng.below(Math.min(reach, i));
      if (j < 0 || j === i) continue;
      const tmp = seq[i]!;
      seq[i] = seq[j]!;
      seq[j] = tmp;
    }
    search.refresh(0);
    const value = search.descend();
    if (value <= currentCost) {
      current.set(search.seq);
      currentCost = value;
      if (value < bestCost) {
        bestCost = value;
        best.set(search.seq);
        if (bestCost === 0) break;
      }
    }
  }
  return best;
}

/**
 * Finds a low total-weighted-tardiness order for `jobs` (validated with `validateJobs` semantics).
 * Deterministic for the same jobs and options unless `timeLimitMs` is set.
 */
export function scheduleWeightedTardiness(
  jobs: readonly WtJob[],
  options: ScheduleOptions = {},
): ScheduleResult {
  const checked = validateJobs(jobs);
  const inst = toInstance(checked);
  if (inst.n === 0) return { order: [], totalWeightedTardiness: 0 };
  const exactUpTo = Math.min(MAX_EXACT, options.exactUpTo ?? DEFAULT_EXACT_UP_TO);
  const seq = inst.n <= exactUpTo ? exactSequence(inst) : heuristicSequence(inst, options);
  return { order: fromSequence(checked, seq), totalWeightedTardiness: sequenceCost(inst, seq) };
}
