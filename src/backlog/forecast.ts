/**
 * Monte-Carlo clearance forecast for the open stock, per work class, with what-if staffing.
 *
 * Method (PEERS.md §4, Kanban practice): in each run we walk day by day from the day after `today`.
 * On every day each work class draws one historical day's throughput (`done`) and, independently, one
 * historical day's arrivals, both from history days of the same day type, and updates
 *
 *     backlog ← backlog − done · scale + arrived · (1 − deflection)
 *
 * The clearance day of a class is the first day its backlog reaches 0; the run stops for that class there
 * (a cleared class stays at 0 in the burn-down). A run that does not clear within the horizon counts as
 * "not within horizon": percentiles that land on such runs are `null`.
 *
 * Day types. With `calendar.workingDaysOnly` (the default) working days are Monday to Friday without the
 * nationwide public holidays; only they have throughput. On other days only arrivals are drawn, from the
 * history's non-working days; if the history has none, those days bring no arrivals. History days are
 * typed the same way, so a recorded public holiday counts as a non-working day. Without
 * `workingDaysOnly` every day is alike and draws from the whole history.
 *
 * What-ifs.
 * - Staff: `done` is multiplied by `(current · (1 + overtime) + extra) / current`, i.e. overtime lifts the
 *   current staff only and the extra FTE count from `extraStaffFrom` (default: from the first day). Extra
 *   staff are assumed to work at the current staff's average rate and to spread over all classes in
 *   proportion to today's throughput.
 * - Deflection: every day's arrivals are multiplied by `1 − deflectionPercent / 100`.
 * - Cross-training (`from` → `to`, `share`), counted in items 1:1 (a donor item and a receiver item are
 *   taken to need similar effort; lower `share` if the receiver's items are harder):
 *   - `mode: 'whenCleared'` (default): from the day after `from` is cleared in a run, `to` gets
 *     `share · max(0, done_from · scale − arrived_from · (1 − deflection))` extra throughput each day, i.e.
 *     the stated share of the capacity the donor no longer needs for its own new arrivals.
 *   - `mode: 'permanent'`: from the first day `from` keeps `(1 − share)` of its throughput and `to` gets
 *     `share · done_from · scale` on top of its own.
 *
 * Common random numbers: every (run, class) pair has its own PRNG stream seeded from `seed`, and the
 * n-th simulated day always uses the n-th number of that stream (one number per day picks both the
 * throughput day and the arrivals day), whether or not other classes have cleared, so runs of
 * different what-ifs with the same seed see the same historical days. More staff therefore never makes
 * a run clear later, and the differences reported by `compareWhatIf` are not sampling noise.
 */
import { seededRandom } from '../shared/random.js';
import { nationwideHolidays } from './simulate/calendar.js';

export interface HistoryDay {
  /** Europe/Berlin calendar date, YYYY-MM-DD. */
  date: string;
  /** Items finished that day (zero days included). */
  done: number;
  /** Items that arrived that day. */
  arrived: number;
}

export interface WorkClassInput {
  /** Stable key, e.g. 'P1' or a topic group such as 'krankengeld'. */
  key: string;
  /** German label for people. */
  label: string;
  /** Open items now. */
  backlog: number;
  /** Recorded daily throughput and arrivals, ideally the last 12–26 weeks; may be short or empty. */
  history: readonly HistoryDay[];
}

export interface ForecastInput {
  /** Europe/Berlin date of today, YYYY-MM-DD. The simulation starts with the following day. */
  today: string;
  workClasses: readonly WorkClassInput[];
  staff: { current: number };
  calendar?: { workingDaysOnly?: boolean };
}

export interface CrossTraining {
  /** Work class key giving capacity. */
  from: string;
  /** Work class key receiving capacity. */
  to: string;
  /** Share 0–1 of the donor's capacity that moves. */
  share: number;
  /** Default 'whenCleared': capacity moves once the donor is cleared; 'permanent': from the first day. */
  mode?: 'whenCleared' | 'permanent';
}

export interface WhatIf {
  /** FTE added (negative: staff leaving), from `extraStaffFrom` on. */
  extraStaff?: number;
  /** YYYY-MM-DD; default: from the first simulated day. */
  extraStaffFrom?: string;
  /** Extra throughput of the current staff in percent (10 = +10 %). */
  overtimePercent?: number;
  crossTrained?: CrossTraining;
  /** Arrivals avoided in percent (e.g. answered by a bot). */
  deflectionPercent?: number;
}

export interface ForecastOptions {
  /** Monte-Carlo runs, default 10,000 (1,000–50,000 recommended; at most 50,000). */
  runs?: number;
  /** PRNG seed; default 1, so repeated calls give the same answer. */
  seed?: number;
  /** Days simulated after today, default 365 (at most 3,650). */
  horizonDays?: number;
  whatIf?: WhatIf;
  /**
   * Runs recorded for the burn-down bands, default min(runs, 500), capped so the recording stays
   * below 8 M values. 0 skips the burn-down (faster, used by `compareWhatIf`).
   */
  burndownRuns?: number;
}

/** Clearance percentiles as offsets from today, `null` when not within the horizon. */
export interface DayPercentiles {
  p50: number | null;
  p85: number | null;
  p95: number | null;
}

export interface ClassForecast {
  key: string;
  label: string;
  backlog: number;
  /** Clearance dates (YYYY-MM-DD) or null when not within the horizon. */
  p50: string | null;
  p85: string | null;
  p95: string | null;
  /** Calendar days from today to the clearance dates. */
  days: DayPercentiles;
  /** Working days from today to the clearance dates (calendar days when every day is a working day). */
  workingDays: DayPercentiles;
  /** Share of runs that cleared within the horizon. */
  clearedShare: number;
  /**
   * Expected net reduction per working day with the what-if applied: mean throughput · scale minus mean
   * arrivals (non-working-day arrivals spread over the working days) · (1 − deflection). Positive means
   * the backlog shrinks. Ignores cross-training and the start delay of extra staff.
   */
  meanNetPerDay: number;
  sanity: {
    /** B₀ / meanNetPerDay in working days, null if the backlog does not shrink on average. */
    analyticDays: number | null;
  };
  /** History days used, by day type. */
  historyDays: { working: number; nonWorking: number };
  /** German hint for people (no data, too little data, backlog growing). */
  note?: string;
}

export interface OverallForecast {
  backlog: number;
  p50: string | null;
  p85: string | null;
  p95: string | null;
  days: DayPercentiles;
  workingDays: DayPercentiles;
  /** Share of runs in which every class cleared within the horizon. */
  clearedShare: number;
}

export interface Band {
  p15: number[];
  p50: number[];
  p85: number[];
}

export interface Burndown {
  /** Dates of days 0..N; day 0 is today with the current backlog. */
  dates: string[];
  /** Number of runs the bands are computed from. */
  runsUsed: number;
  /** Bands of open items summed over all classes. */
  total: Band;
  perClass: (Band & { key: string; label: string })[];
}

export interface ForecastResult {
  today: string;
  horizonDays: number;
  runs: number;
  seed: number;
  workingDaysOnly: boolean;
  whatIf: WhatIf | null;
  classes: ClassForecast[];
  overall: OverallForecast;
  burndown: Burndown;
  /** German hint when no forecast is possible at all. */
  note?: string;
}

export interface WhatIfScenario {
  name: string;
  whatIf: WhatIf;
}

export interface ScenarioClassSummary {
  key: string;
  label: string;
  p50: string | null;
  p85: string | null;
  p95: string | null;
  days: DayPercentiles;
  workingDays: DayPercentiles;
  clearedShare: number;
  /** Baseline days minus scenario days; positive = earlier. Null if either is not within the horizon. */
  savedDays: DayPercentiles;
}

export interface ScenarioSummary {
  name: string;
  whatIf: WhatIf | null;
  overall: ScenarioClassSummary;
  classes: ScenarioClassSummary[];
}

export interface WhatIfComparison {
  today: string;
  horizonDays: number;
  runs: number;
  seed: number;
  baseline: ScenarioSummary;
  scenarios: ScenarioSummary[];
}

const DAY_MS = 86_400_000;
const TWO_POW_MINUS_32 = 1 / 4294967296;
const MAX_RUNS = 50_000;
const MAX_HORIZON = 3_650;
const MAX_RECORDED_VALUES = 8_000_000;
/** Fewer recorded working days than this (two weeks) make a forecast uncertain; say so. */
const FEW_WORKING_DAYS = 10;
const PCTS = [0.5, 0.85, 0.95] as const;

export const NOTE_NO_DATA =
  'Noch keine Durchsatzdaten: Es sind keine erledigten und eingegangenen Anliegen je Tag erfasst, daher ist noch keine Abbauprognose möglich.';
const NOTE_CLASS_NO_DATA =
  'Noch keine Durchsatzdaten für diese Arbeitsklasse, daher ist noch keine Abbauprognose möglich.';
const NOTE_GROWING =
  'Der Durchsatz liegt im Mittel nicht über dem Zugang: Der Bestand baut sich so nicht ab.';

function parseDate(value: string, what: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new RangeError(`${what}: expected YYYY-MM-DD, got ${JSON.stringify(value)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`${what}: no such date ${value}`);
  }
  return ms;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function finiteNumber(value: unknown, what: string, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${what}: expected a number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Working-day test shared by history classification and the simulated calendar. */
class DayTyper {
  private readonly holidays = new Set<number>();
  private readonly years = new Set<number>();

  isWorking(ms: number): boolean {
    const date = new Date(ms);
    const wd = date.getUTCDay();
    if (wd === 0 || wd === 6) return false;
    const year = date.getUTCFullYear();
    if (!this.years.has(year)) {
      this.years.add(year);
      for (const h of nationwideHolidays(year)) this.holidays.add(h);
    }
    return !this.holidays.has(ms);
  }
}

/** Per-class sampling pools; empty pools are padded with a single 0 so the hot loop needs no branch. */
interface Pools {
  doneW: Float64Array;
  arrW: Float64Array;
  arrN: Float64Array;
  working: number;
  nonWorking: number;
  meanDoneW: number;
  meanArrW: number;
  meanArrN: number;
}

function buildPools(history: readonly HistoryDay[], key: string, typer: DayTyper | null): Pools {
  const doneW: number[] = [];
  const arrW: number[] = [];
  const arrN: number[] = [];
  for (const [i, h] of history.entries()) {
    const ms = parseDate(h.date, `history of ${key} [${i}].date`);
    const done = finiteNumber(h.done, `history of ${key} [${i}].done`, 0);
    const arrived = finiteNumber(h.arrived, `history of ${key} [${i}].arrived`, 0);
    if (typer === null || typer.isWorking(ms)) {
      doneW.push(done);
      arrW.push(arrived);
    } else {
      arrN.push(arrived);
    }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const pool = (xs: number[]) => Float64Array.from(xs.length ? xs : [0]);
  return {
    doneW: pool(doneW),
    arrW: pool(arrW),
    arrN: pool(arrN),
    working: doneW.length,
    nonWorking: arrN.length,
    meanDoneW: mean(doneW),
    meanArrW: mean(arrW),
    meanArrN: mean(arrN),
  };
}

/** Nearest-rank percentile of an ascending array of clearance days; `notCleared` marks runs that did not. */
function dayPercentiles(sorted: Int32Array, notCleared: number): DayPercentiles {
  const n = sorted.length;
  const at = (p: number): number | null => {
    const v = sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
    return v >= notCleared ? null : v;
  };
  return { p50: at(PCTS[0]), p85: at(PCTS[1]), p95: at(PCTS[2]) };
}

/**
 * One class in one run without cross-training or recording: returns the clearance day or horizon + 1.
 * One mulberry32 number (as in shared/random.ts, inlined) per day: its integer part over the pool picks
 * the throughput day and its fractional remainder, independently and uniformly, the arrivals day.
 */
function walkPlain(
  pool: Pools,
  working: Uint8Array,
  scale: Float64Array,
  arrivalFactor: number,
  b0: number,
  seed: number,
  horizon: number,
): number {
  const doneW = pool.doneW;
  const arrW = pool.arrW;
  const arrN = pool.arrN;
  const nW = doneW.length;
  const nN = arrN.length;
  let b = b0;
  let s = seed;
  for (let d = 1; d <= horizon; d++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) * TWO_POW_MINUS_32;
    if (working[d] === 1) {
      const x = u * nW;
      const i = x | 0;
      b += arrW[((x - i) * nW) | 0]! * arrivalFactor - doneW[i]! * scale[d]!;
      if (b <= 0) return d;
    } else {
      b += arrN[(u * nN) | 0]! * arrivalFactor;
    }
  }
  return horizon + 1;
}

interface Core {
  today: string;
  horizon: number;
  runs: number;
  seed: number;
  workingDaysOnly: boolean;
  whatIf: WhatIf | null;
  dates: string[];
  cumWorking: Int32Array;
  workingRatio: number;
  classes: readonly WorkClassInput[];
  pools: Pools[];
  clearDays: Int32Array[];
  overallDays: Int32Array;
  recordRuns: number;
  recorded: Float32Array[];
  scaleFinal: number;
  arrivalFactor: number;
}

/** Validates the input and runs the simulation; summarising happens in `forecastClearance`. */
function simulate(input: ForecastInput, options: ForecastOptions): Core {
  const todayMs = parseDate(input.today, 'today');
  const runs = options.runs ?? 10_000;
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) {
    throw new RangeError(`runs: expected an integer in [1, ${MAX_RUNS}], got ${runs}`);
  }
  const horizon = options.horizonDays ?? 365;
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new RangeError(`horizonDays: expected an integer in [1, ${MAX_HORIZON}], got ${horizon}`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError(`seed: expected a number, got ${seed}`);
  const workingDaysOnly = input.calendar?.workingDaysOnly ?? true;
  const whatIf = options.whatIf ?? null;
  const classes = input.workClasses;
  const nClasses = classes.length;
  const keys = new Set<string>();
  for (const c of classes) {
    if (keys.has(c.key)) throw new RangeError(`work class ${c.key} appears twice`);
    keys.add(c.key);
    finiteNumber(c.backlog, `backlog of ${c.key}`, 0);
  }

  // Calendar: day types, working-day counts and dates for days 0..H.
  const typer = workingDaysOnly ? new DayTyper() : null;
  const working = new Uint8Array(horizon + 1);
  const cumWorking = new Int32Array(horizon + 1);
  const dates: string[] = new Array<string>(horizon + 1);
  let workCount = 0;
  for (let d = 0; d <= horizon; d++) {
    const ms = todayMs + d * DAY_MS;
    dates[d] = isoDate(ms);
    if (d > 0) {
      working[d] = typer === null || typer.isWorking(ms) ? 1 : 0;
      workCount += working[d]!;
    }
    cumWorking[d] = workCount;
  }
  const workingRatio = workCount > 0 ? (horizon - workCount) / workCount : 0;

  // Staff scale per day, deflection.
  const current = finiteNumber(input.staff.current, 'staff.current', 0);
  const extra = finiteNumber(whatIf?.extraStaff ?? 0, 'whatIf.extraStaff', -current);
  const overtime = finiteNumber(whatIf?.overtimePercent ?? 0, 'whatIf.overtimePercent', -100) / 100;
  const deflection = finiteNumber(whatIf?.deflectionPercent ?? 0, 'whatIf.deflectionPercent', 0, 100) / 100;
  if (extra !== 0 && current <= 0) {
    throw new RangeError('whatIf.extraStaff needs staff.current > 0 to scale the recorded throughput');
  }
  const scaleBefore = 1 + overtime;
  const scaleAfter = current > 0 ? Math.max(0, (current * (1 + overtime) + extra) / current) : scaleBefore;
  let extraFrom = 1;
  if (whatIf?.extraStaffFrom !== undefined) {
    const fromMs = parseDate(whatIf.extraStaffFrom, 'whatIf.extraStaffFrom');
    extraFrom = Math.max(1, Math.round((fromMs - todayMs) / DAY_MS));
  }
  const scale = new Float64Array(horizon + 1);
  for (let d = 1; d <= horizon; d++) scale[d] = d >= extraFrom ? scaleAfter : scaleBefore;
  const arrivalFactor = 1 - deflection;

  // Cross-training.
  let donor = -1;
  let receiver = -1;
  let share = 0;
  let permanent = false;
  const ct = whatIf?.crossTrained;
  if (ct) {
    donor = classes.findIndex((c) => c.key === ct.from);
    receiver = classes.findIndex((c) => c.key === ct.to);
    if (donor < 0) throw new RangeError(`whatIf.crossTrained.from: unknown work class ${ct.from}`);
    if (receiver < 0) throw new RangeError(`whatIf.crossTrained.to: unknown work class ${ct.to}`);
    if (donor === receiver) throw new RangeError('whatIf.crossTrained: from and to must differ');
    share = finiteNumber(ct.share, 'whatIf.crossTrained.share', 0, 1);
    permanent = ct.mode === 'permanent';
  }

  const pools = classes.map((c) => buildPools(c.history, c.key, typer));
  // The donor runs first so the receiver can read the capacity it frees on each day.
  const order: number[] = [];
  if (donor >= 0) order.push(donor);
  for (let i = 0; i < nClasses; i++) if (i !== donor) order.push(i);

  const notCleared = horizon + 1;
  const clearDays = classes.map(() => new Int32Array(runs));
  const overallDays = new Int32Array(runs);
  const stride = horizon + 1;
  const wanted = options.burndownRuns ?? Math.min(runs, 500);
  if (!Number.isInteger(wanted) || wanted < 0) {
    throw new RangeError(`burndownRuns: expected a non-negative integer, got ${wanted}`);
  }
  const recordRuns =
    nClasses === 0
      ? 0
      : Math.min(wanted, runs, Math.max(1, Math.floor(MAX_RECORDED_VALUES / (nClasses * stride))));
  // Day-major (index d · recordRuns + r) so the bands read each day contiguously.
  const recorded = classes.map(() => new Float32Array(recordRuns * stride));
  const freed = new Float64Array(horizon + 1);
  const streamSeeds = new Int32Array(nClasses);
  const master = seededRandom(seed);

  for (let r = 0; r < runs; r++) {
    // One stream per (run, class); drawn for every class so the alignment never depends on the what-if.
    for (let c = 0; c < nClasses; c++) streamSeeds[c] = (master() * 4294967296) | 0;
    const record = r < recordRuns;
    let runDay = 0;
    for (const c of order) {
      const cls = classes[c]!;
      const pool = pools[c]!;
      const isDonor = c === donor;
      const isReceiver = c === receiver;
      const b0 = cls.backlog;
      let cleared = b0 <= 0 ? 0 : notCleared;
      const rec = record ? recorded[c]! : null;
      if (rec) rec[r] = b0;
      if (isDonor) freed.fill(0);
      const hasData = pool.working + pool.nonWorking > 0;
      if (cleared === notCleared && hasData && !isDonor && !isReceiver && !rec) {
        cleared = walkPlain(pool, working, scale, arrivalFactor, b0, streamSeeds[c]!, horizon);
      } else if ((cleared === notCleared || isDonor) && (hasData || (isReceiver && share > 0))) {
        // Donor, receiver or recorded run. A class without data and without capacity flowing in is
        // skipped: nothing can ever change its backlog.
        const doneW = pool.doneW;
        const arrW = pool.arrW;
        const arrN = pool.arrN;
        const nW = doneW.length;
        const nN = arrN.length;
        const keep = isDonor && permanent ? 1 - share : 1;
        let b = b0;
        let s = streamSeeds[c]!;
        for (let d = 1; d <= horizon; d++) {
          // Same draws as walkPlain: one mulberry32 number per day picks both historical days.
          s = (s + 0x6d2b79f5) | 0;
          let t = Math.imul(s ^ (s >>> 15), s | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          const u = ((t ^ (t >>> 14)) >>> 0) * TWO_POW_MINUS_32;
          let done: number;
          let arrived: number;
          if (working[d] === 1) {
            const x = u * nW;
            const i = x | 0;
            done = doneW[i]! * scale[d]!;
            arrived = arrW[((x - i) * nW) | 0]! * arrivalFactor;
          } else {
            done = 0;
            arrived = arrN[(u * nN) | 0]! * arrivalFactor;
          }
          if (isDonor) {
            if (permanent) freed[d] = share * done;
            else if (cleared < d) freed[d] = share * Math.max(0, done - arrived);
          }
          if (cleared === notCleared) {
            b += arrived - done * keep;
            if (isReceiver) b -= freed[d]!;
            if (b <= 0) {
              cleared = d;
              if (!isDonor) break;
            } else if (rec) {
              rec[d * recordRuns + r] = b;
            }
          }
        }
      }
      clearDays[c]![r] = cleared;
      if (cleared > runDay) runDay = cleared;
    }
    overallDays[r] = runDay;
  }

  let scaleFinal = scaleAfter;
  if (extraFrom > horizon) scaleFinal = scaleBefore;
  return {
    today: input.today,
    horizon,
    runs,
    seed,
    workingDaysOnly,
    whatIf,
    dates,
    cumWorking,
    workingRatio,
    classes,
    pools,
    clearDays,
    overallDays,
    recordRuns,
    recorded,
    scaleFinal,
    arrivalFactor,
  };
}

function toDates(days: DayPercentiles, dates: readonly string[]) {
  const at = (d: number | null) => (d === null ? null : dates[d]!);
  return { p50: at(days.p50), p85: at(days.p85), p95: at(days.p95) };
}

function toWorkingDays(days: DayPercentiles, cum: Int32Array): DayPercentiles {
  const at = (d: number | null) => (d === null ? null : cum[d]!);
  return { p50: at(days.p50), p85: at(days.p85), p95: at(days.p95) };
}

function countCleared(days: Int32Array, horizon: number): number {
  let n = 0;
  for (let i = 0; i < days.length; i++) if (days[i]! <= horizon) n++;
  return n;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Rearranges `a[lo..hi]` so that `a[k]` holds the value a full sort would put there (Hoare selection). */
function select(a: Float32Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Percentile bands per day from the recorded runs (stored day-major), for days 0..lastDay. */
function bands(core: Core, lastDay: number): Burndown {
  const k = core.recordRuns;
  const scratch = new Float32Array(k);
  const rank = (p: number) => Math.min(k - 1, Math.max(0, Math.ceil(p * k) - 1));
  const r15 = rank(0.15);
  const r50 = rank(0.5);
  const r85 = rank(0.85);
  const band = (fill: (d: number) => boolean): Band => {
    const out: Band = { p15: [], p50: [], p85: [] };
    for (let d = 0; d <= lastDay; d++) {
      if (!fill(d)) {
        out.p15.push(0);
        out.p50.push(0);
        out.p85.push(0);
        continue;
      }
      // Successive selections on the narrowing ranges give all three order statistics in O(k).
      select(scratch, r50, 0, k - 1);
      select(scratch, r15, 0, r50);
      select(scratch, r85, r50, k - 1);
      out.p15.push(round1(scratch[r15]!));
      out.p50.push(round1(scratch[r50]!));
      out.p85.push(round1(scratch[r85]!));
    }
    return out;
  };
  /** Copies day d into scratch; false when every recorded run is at 0 that day. */
  const copyDay = (rec: Float32Array, d: number): boolean => {
    const day = rec.subarray(d * k, d * k + k);
    scratch.set(day);
    for (let r = 0; r < k; r++) if (day[r]! > 0) return true;
    return false;
  };
  const perClass = core.classes.map((cls, c) => {
    const rec = core.recorded[c]!;
    return { key: cls.key, label: cls.label, ...band((d) => copyDay(rec, d)) };
  });
  const total = band((d) => {
    scratch.fill(0);
    let any = false;
    for (const rec of core.recorded) {
      const off = d * k;
      for (let r = 0; r < k; r++) {
        const v = rec[off + r]!;
        if (v > 0) {
          scratch[r] = scratch[r]! + v;
          any = true;
        }
      }
    }
    return any;
  });
  return { dates: core.dates.slice(0, lastDay + 1), runsUsed: k, total, perClass };
}

/**
 * Monte-Carlo forecast of when the open stock of each work class, and of all together, is cleared.
 * See the module comment for the method and the exact what-if rules.
 */
export function forecastClearance(input: ForecastInput, options: ForecastOptions = {}): ForecastResult {
  const core = simulate(input, options);
  const notCleared = core.horizon + 1;
  let maxP95 = 0;
  let anyNull = false;
  const classes: ClassForecast[] = core.classes.map((cls, c) => {
    const pool = core.pools[c]!;
    const sorted = core.clearDays[c]!.sort();
    const days = dayPercentiles(sorted, notCleared);
    if (days.p95 === null) anyNull = true;
    else maxP95 = Math.max(maxP95, days.p95);
    const hasData = pool.working + pool.nonWorking > 0;
    const arrivedPerWorkingDay = pool.meanArrW + pool.meanArrN * core.workingRatio;
    const net = hasData ? pool.meanDoneW * core.scaleFinal - arrivedPerWorkingDay * core.arrivalFactor : 0;
    const analyticDays = cls.backlog <= 0 ? 0 : net > 0 ? cls.backlog / net : null;
    let note: string | undefined;
    if (!hasData) note = NOTE_CLASS_NO_DATA;
    else if (analyticDays === null) note = NOTE_GROWING;
    else if (pool.working < FEW_WORKING_DAYS) {
      note = `Nur ${pool.working} Arbeitstage Verlauf erfasst: Die Prognose ist unsicher.`;
    }
    return {
      key: cls.key,
      label: cls.label,
      backlog: cls.backlog,
      ...toDates(days, core.dates),
      days,
      workingDays: toWorkingDays(days, core.cumWorking),
      clearedShare: countCleared(sorted, core.horizon) / core.runs,
      meanNetPerDay: net,
      sanity: { analyticDays },
      historyDays: { working: pool.working, nonWorking: pool.nonWorking },
      ...(note ? { note } : {}),
    };
  });

  const overallSorted = core.overallDays.sort();
  const overallDays = dayPercentiles(overallSorted, notCleared);
  const overall: OverallForecast = {
    backlog: core.classes.reduce((a, c) => a + c.backlog, 0),
    ...toDates(overallDays, core.dates),
    days: overallDays,
    workingDays: toWorkingDays(overallDays, core.cumWorking),
    clearedShare: countCleared(overallSorted, core.horizon) / core.runs,
  };

  // Chart length: a little past the latest P95 so the band visibly reaches 0, at least two weeks.
  const lastDay =
    anyNull || core.classes.length === 0
      ? core.horizon
      : Math.min(core.horizon, Math.max(14, Math.ceil(maxP95 * 1.1) + 1));
  const burndown: Burndown =
    core.recordRuns > 0
      ? bands(core, lastDay)
      : { dates: [], runsUsed: 0, total: { p15: [], p50: [], p85: [] }, perClass: [] };

  const noData = core.pools.every((p) => p.working + p.nonWorking === 0);
  return {
    today: core.today,
    horizonDays: core.horizon,
    runs: core.runs,
    seed: core.seed,
    workingDaysOnly: core.workingDaysOnly,
    whatIf: core.whatIf,
    classes,
    overall,
    burndown,
    ...(noData ? { note: NOTE_NO_DATA } : {}),
  };
}

function saved(base: DayPercentiles, scen: DayPercentiles): DayPercentiles {
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return { p50: diff(base.p50, scen.p50), p85: diff(base.p85, scen.p85), p95: diff(base.p95, scen.p95) };
}

function summarise(name: string, result: ForecastResult, baseline: ForecastResult | null): ScenarioSummary {
  const line = (
    key: string,
    label: string,
    x: OverallForecast | ClassForecast,
    base: OverallForecast | ClassForecast | undefined,
  ): ScenarioClassSummary => ({
    key,
    label,
    p50: x.p50,
    p85: x.p85,
    p95: x.p95,
    days: x.days,
    workingDays: x.workingDays,
    clearedShare: x.clearedShare,
    savedDays: saved(base?.days ?? x.days, x.days),
  });
  return {
    name,
    whatIf: result.whatIf,
    overall: line('gesamt', 'Alle Arbeitsklassen', result.overall, baseline?.overall),
    classes: result.classes.map((c, i) => line(c.key, c.label, c, baseline?.classes[i])),
  };
}

/**
 * Runs the baseline (no what-if) and each scenario with the same seed (common random numbers) and
 * reports P50/P85/P95 per class and overall with the calendar days saved against the baseline.
 * `options.whatIf` is ignored; the burn-down is skipped unless `options.burndownRuns` asks for it.
 */
export function compareWhatIf(
  input: ForecastInput,
  scenarios: readonly WhatIfScenario[],
  options: Omit<ForecastOptions, 'whatIf'> = {},
): WhatIfComparison {
  const common = { ...options, burndownRuns: options.burndownRuns ?? 0 };
  const base = forecastClearance(input, { ...common, whatIf: undefined });
  return {
    today: base.today,
    horizonDays: base.horizonDays,
    runs: base.runs,
    seed: base.seed,
    baseline: summarise('Ausgangslage', base, null),
    scenarios: scenarios.map((s) =>
      summarise(s.name, forecastClearance(input, { ...common, whatIf: s.whatIf }), base),
    ),
  };
}
