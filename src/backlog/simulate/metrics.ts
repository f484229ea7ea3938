/**
 * Figures per policy from one engine run. Waits run from receipt to decision in calendar hours; items still
 * open at the horizon count with their wait so far (a lower bound), so starvation shows up instead of
 * dropping out of the statistics.
 */
import { DEFAULT_DISPATCH_PARAMS, type DispatchParams } from '../dispatch.js';
import { PRIORITY_CLASSES, type PriorityClass } from '../../shared/taxonomy.js';
import type { PolicyRun } from './engine.js';
import { KIND_13_3A, KIND_18A, KIND_18C, type SimModel } from './model.js';

export type ClassFigures = Record<PriorityClass, number>;

export interface PolicyMetrics {
  maxWaitHours: ClassFigures;
  p95WaitHours: ClassFigures;
  medianWaitHours: ClassFigures;
  /** P95 from the moment the back office could see the item (excludes time hidden in a down channel). */
  p95WaitSinceVisibleHours: ClassFigures;
  /** §13 Abs. 3a deadlines passed with neither a decision nor a timely interim notice. */
  missed13_3a: number;
  /** Part of missed13_3a whose notice window closed before the back office could see or answer the item. */
  missed13_3aUnavoidable: number;
  /** §13 Abs. 3a clocks that ran out within the horizon (decided or not). */
  deadlines13_3a: number;
  /** Sum over §18c items of started weeks late (70 EUR each). */
  weeksOwed18c: number;
  late18c: number;
  /** Same for the 5-working-day assessment clock of §18a SGB XI (Eilbegutachtung). */
  weeksOwed18a: number;
  /** P95 over cash-benefit items of days from receipt until the money is paid. */
  cashDelayDaysP95: number;
  interimNoticesSent: number;
  /** Notices that went out early enough to prevent a Genehmigungsfiktion. */
  interimNoticesEffective: number;
  /** First day (after the peak) on which the open stock is back within 20 % of the pre-outage level. */
  clearedAtDay: number | null;
  peakOpen: number;
  peakDay: number;
  itemsTotal: number;
  completed: number;
  openAtEnd: number;
  /** Open items at the end of each day, starting at `firstDay`. */
  openByDay: number[];
  firstDay: number;
  wallMs: number;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Next payment slot: manual same-hour payment in phase 2, else the daily run at the close of a working day. */
function paidAt(model: SimModel, completed: number): number {
  const { phases, calendar, params } = model;
  if (completed >= phases.p1End * 24 && completed < phases.p2End * 24) return completed;
  const runHour = params.workdayStartHour + params.hoursPerDay;
  let day = Math.floor(completed / 24);
  if (!calendar.isWorkingDay(day) || completed > day * 24 + runHour) {
    day += 1;
    while (!calendar.isWorkingDay(day)) day += 1;
  }
  return day * 24 + runHour;
}

export function computeMetrics(
  model: SimModel,
  run: PolicyRun,
  dp: DispatchParams = DEFAULT_DISPATCH_PARAMS,
): PolicyMetrics {
  const s = model.stream;
  const tl = model.timeline;
  const end = tl.t0 + tl.ticks;
  const lead = dp.noticeLeadHours;
  const noticesFrom = model.phases.p2End * 24;

  const counts = [0, 0, 0, 0];
  for (let i = 0; i < s.n; i++) counts[s.cls[i]!]! += 1;
  const waits = counts.map((c) => new Float64Array(c));
  const visibleWaits = counts.map((c) => new Float64Array(c));
  const fill = [0, 0, 0, 0];
  const cashDelays: number[] = [];
  let missed = 0;
  let missedUnavoidable = 0;
  let deadlines = 0;
  let weeks18c = 0;
  let late18c = 0;
  let weeks18a = 0;
  let effectiveNotices = 0;
  let openAtEnd = 0;

  for (let i = 0; i < s.n; i++) {
    const done = run.completedAt[i]!;
    const open = Number.isNaN(done);
    if (open) openAtEnd += 1;
    const finish = open ? end : done;
    const c = s.cls[i]!;
    visibleWaits[c]![fill[c]!] = finish - s.visibleAt[i]!;
    waits[c]![fill[c]!] = finish - s.arrival[i]!;
    fill[c] = fill[c]! + 1;

    const kind = s.kind[i]!;
    const deadline = s.deadline[i]!;
    if (kind === KIND_13_3A && deadline <= end) {
      deadlines += 1;
      const notice = run.noticeAt[i]!;
      const timely = !Number.isNaN(notice) && notice <= deadline - lead;
      if (timely) effectiveNotices += 1;
      if (finish > deadline && !timely) {
        missed += 1;
        // The back office sees an item at the tick after it becomes visible; notices start in phase 3.
        if (Math.max(Math.floor(s.visibleAt[i]!) + 1, noticesFrom) >= deadline - lead) missedUnavoidable += 1;
      }
    } else if ((kind === KIND_18C || kind === KIND_18A) && finish > deadline) {
      const weeks = Math.ceil((finish - deadline) / (7 * 24));
      if (kind === KIND_18C) {
        weeks18c += weeks;
        late18c += 1;
      } else weeks18a += weeks;
    }
    if (s.cash[i] === 1) {
      const paid = open ? end : Math.min(end, paidAt(model, done));
      cashDelays.push((paid - s.arrival[i]!) / 24);
    }
  }

  const maxWait = {} as ClassFigures;
  const p95 = {} as ClassFigures;
  const p50 = {} as ClassFigures;
  const p95Visible = {} as ClassFigures;
  PRIORITY_CLASSES.forEach((name, c) => {
    p95Visible[name] = round(percentile(visibleWaits[c]!.sort(), 0.95));
    const w = waits[c]!.sort();
    maxWait[name] = round(w.length > 0 ? w[w.length - 1]! : 0);
    p95[name] = round(percentile(w, 0.95));
    p50[name] = round(percentile(w, 0.5));
  });
  const cashSorted = Float64Array.from(cashDelays).sort();

  // Clearing: the open stock at the close of working days, against the last warm-up week.
  const firstDay = Math.floor(tl.t0 / 24);
  const closes = run.openAtClose;
  const warm: number[] = [];
  for (let d = -7; d < 0; d++) {
    const v = closes[d - firstDay];
    if (v !== undefined && !Number.isNaN(v)) warm.push(v);
  }
  const baseline = warm.length > 0 ? warm.reduce((a, b) => a + b, 0) / warm.length : 0;
  let peakOpen = 0;
  let peakDay = 0;
  run.openByDay.forEach((v, j) => {
    if (j + firstDay >= 0 && v > peakOpen) {
      peakOpen = v;
      peakDay = j + firstDay;
    }
  });
  let clearedAtDay: number | null = null;
  for (let j = peakDay - firstDay; j < closes.length; j++) {
    const v = closes[j]!;
    if (!Number.isNaN(v) && v <= baseline * 1.2) {
      clearedAtDay = j + firstDay;
      break;
    }
  }

  return {
    maxWaitHours: maxWait,
    p95WaitHours: p95,
    medianWaitHours: p50,
    p95WaitSinceVisibleHours: p95Visible,
    missed13_3a: missed,
    missed13_3aUnavoidable: missedUnavoidable,
    deadlines13_3a: deadlines,
    weeksOwed18c: weeks18c,
    late18c,
    weeksOwed18a: weeks18a,
    cashDelayDaysP95: round(percentile(cashSorted, 0.95), 2),
    interimNoticesSent: run.noticesSent,
    interimNoticesEffective: effectiveNotices,
    clearedAtDay,
    peakOpen,
    peakDay,
    itemsTotal: s.n,
    completed: run.completed,
    openAtEnd,
    openByDay: run.openByDay,
    firstDay,
    wallMs: Math.round(run.wallMs),
  };
}
