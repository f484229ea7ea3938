/**
 * The dispatch policy: in which order a team works its open Anliegen.
 *
 * Three tiers, each strictly ahead of the next:
 * 1. medically urgent items (P1), earliest due first;
 * 2. interim notices (Zwischennachrichten) for deadline items the team cannot decide in time, earliest
 *    notice due first. They come out of a feasibility check that walks the deadline items in EDD order
 *    against the capacity on hand and drops the longest job whenever one would be late (Moore–Hodgson).
 *    Only clocks whose consequence a timely reasoned notice prevents get one (the Genehmigungsfiktion of
 *    §13 Abs. 3a SGB V and §18 SGB IX, the extension of an Art. 15 DSGVO request); against the 70 EUR per
 *    started week of §18c SGB XI only a decision helps, so those items are ordered by the ATC tier;
 * 3. everything else by an ATC index (apparent tardiness cost, Vepsalainen & Morton)
 *    `(w/p)·exp(−max(d − p − t, 0)/(k·p̄))`, multiplied by an aging factor `1 + age/agingHours` so low
 *    classes accumulate priority while they wait and cannot starve.
 *
 * The module is pure: no I/O, no clock. The live worklist and the outage simulation both call it. Times are
 * in hours by default; set `timeUnit: 'ms'` to pass epoch milliseconds. Efforts are always worker-hours.
 */
import type { DeadlineKind } from '../deadlines/index.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';

/** The statutory clocks of src/deadlines; the dispatcher sees the earliest one the Kasse must meet. */
export type { DeadlineKind };

export interface DispatchItem {
  id: string;
  priorityClass: PriorityClass;
  topic: TopicSlug;
  /** Receipt on any channel (the legal clock starts here). */
  receivedAt: number;
  /** Estimated worker-hours to decide the item. */
  effortHours: number;
  deadlineAt: number | null;
  deadlineKind: DeadlineKind | null;
  interimNoticeSent: boolean;
  /** Equals `priorityClass === 'P1'` in the triage output; either puts the item in the top tier. */
  medicallyUrgent: boolean;
  /**
   * Earliest moment the item can be decided (documents or an MD opinion still outstanding); omitted or null
   * means now. An item that cannot be ready before its deadline is infeasible whatever the capacity.
   */
  readyAt?: number | null;
}

/** Worker-hours the team can spend between two instants (same time unit as the items). */
export interface CapacityProfile {
  workerHoursBetween(from: number, to: number): number;
}

/** A plain number means worker-hours per calendar day, spread evenly over the 24 hours. */
export type Capacity = number | CapacityProfile;

export interface InterimNoticeTask {
  kind: 'interim_notice';
  id: string;
  itemId: string;
  /** Latest moment the notice should leave the house so it is deemed received before the deadline. */
  dueAt: number;
  effortHours: number;
  deadlineAt: number;
  deadlineKind: DeadlineKind;
  /** `infeasible`: the team cannot decide in time; `schedule`: still undecided shortly before the notice date. */
  reason: 'infeasible' | 'schedule';
}

export interface DispatchParams {
  /** Class weight w. P1 sits in its own tier anyway; its weight orders P1 items among themselves only. */
  classWeight: Record<PriorityClass, number>;
  /** ATC look-ahead k; small k behaves like a slack rule, large k like WSPT. */
  k: number;
  /** Estimated effort per topic in worker-hours (p in the index). */
  effortHours: Record<TopicSlug, number>;
  /** Pseudo due date for items without a legal deadline: receipt + target (hours). */
  serviceTargetHours: Record<PriorityClass, number>;
  /** Fairness guard: the index is multiplied by 1 + age/agingHours. */
  agingHours: number;
  /** Effort of one interim notice (templated letter), worker-hours. */
  noticeEffortHours: number;
  /**
   * The notice is due this many hours before the deadline. 96 h: a posted letter counts as notified on the
   * 4th day after posting (§37 Abs. 2 SGB X), so it must leave four days before the clock runs out.
   */
  noticeLeadHours: number;
  /**
   * Safety net: an item still undecided this many hours before its notice date gets the notice anyway, even
   * if the capacity walk says it fits, because the real order can differ from EDD. 96 h covers the gap
   * between two daily checks over a weekend.
   */
  noticeSafetyHours: number;
  /**
   * Clocks for which the feasibility check issues notices: those whose legal consequence a timely reasoned
   * notice prevents (the clocks with an `interimNoticeBy` in src/deadlines).
   */
  noticeKinds: readonly DeadlineKind[];
  /** Classes that are worked before deadline items, so their open effort is booked against capacity first. */
  precedingClasses: readonly PriorityClass[];
  /** Share of capacity the check may count on for deadline work (the rest goes to new P1/P2 and aging P4). */
  feasibilityCapacityShare: number;
  timeUnit: 'hours' | 'ms';
}

/**
 * Estimated effort per topic in worker-hours, for a case worker with a working core system. Our own
 * planning figures, not measured values: cash-benefit slips and master-data changes are short, benefit
 * applications need reading of medical documents, Widersprüche need a fresh review.
 */
export const DEFAULT_EFFORT_HOURS: Record<TopicSlug, number> = {
  entlassmanagement: 1.0,
  palliativ_sapv: 1.0,
  haeusliche_krankenpflege: 0.75,
  pflege_eilbegutachtung: 1.25,
  behandlung_ausland: 1.0,
  fahrkosten_serienbehandlung: 0.5,
  arzneimittel_genehmigung: 1.0,
  versicherungsnachweis: 0.25,
  krankengeld: 0.4,
  krankengeld_aussteuerung: 0.75,
  kinderkrankengeld: 0.3,
  mutterschaftsgeld: 0.4,
  verletztengeld: 0.6,
  pflegegeld: 0.4,
  pflegeunterstuetzungsgeld: 0.4,
  uebergangsgeld: 0.3,
  vorschuss: 0.5,
  pflegegrad_antrag: 1.0,
  leistungsantrag: 0.8,
  hilfsmittel: 0.7,
  reha: 0.8,
  widerspruch: 1.5,
  u1_u2_erstattung: 0.3,
  datenschutz_auskunft: 1.0,
  sicherheitsvorfall: 0.5,
  mitgliedschaft: 0.4,
  familienversicherung: 0.4,
  beitraege: 0.35,
  zuzahlungsbefreiung: 0.3,
  fahrkosten: 0.3,
  kostenerstattung: 0.35,
  auslandsreise: 0.2,
  egk_stammdaten: 0.2,
  diga: 0.2,
  arbeitgeber_meldungen: 0.2,
  beschwerde_sonstiges: 0.4,
  kein_anliegen: 0.05,
};

/**
 * Default parameters. Class weights follow the published order "medically urgent, then existence-securing
 * payments, then the rest" with deadline work ahead of plain requests. Service targets: P1 within a day,
 * P2 within three days (one missed payment cycle), P3 without a legal clock two weeks, P4 three weeks.
 * agingHours = 72: a P4 item waiting nine days has the weight of a fresh P2-sized job of ten times its class
 * weight, which bounds P4 waits under sustained overload.
 */
export const DEFAULT_DISPATCH_PARAMS: Readonly<DispatchParams> = Object.freeze<DispatchParams>({
  classWeight: { P1: 100, P2: 10, P3: 4, P4: 1 },
  k: 2,
  effortHours: DEFAULT_EFFORT_HOURS,
  serviceTargetHours: { P1: 24, P2: 72, P3: 14 * 24, P4: 21 * 24 },
  agingHours: 72,
  noticeEffortHours: 0.1,
  noticeLeadHours: 96,
  noticeSafetyHours: 96,
  noticeKinds: ['sgb5_13_3a', 'sgb9_18_fiktion', 'dsgvo_15'],
  precedingClasses: ['P1', 'P2'],
  feasibilityCapacityShare: 0.8,
  timeUnit: 'hours',
});

const TIER_SPAN = 1e9;
const TIER_P1 = 3 * TIER_SPAN;
const TIER_NOTICE = 2 * TIER_SPAN;
const TIER_REST = 1 * TIER_SPAN;

function unit(params: Pick<DispatchParams, 'timeUnit'>): number {
  return params.timeUnit === 'ms' ? 3_600_000 : 1;
}

function clampTier(v: number): number {
  if (!Number.isFinite(v)) return v > 0 ? TIER_SPAN - 1 : 0;
  return Math.min(TIER_SPAN - 1, Math.max(0, v));
}

export function isUrgent(item: Pick<DispatchItem, 'priorityClass' | 'medicallyUrgent'>): boolean {
  return item.medicallyUrgent || item.priorityClass === 'P1';
}

/** Legal deadline if there is one (for P1 the earlier of it and the target), else receipt plus the class service target. */
export function dueAt(
  item: Pick<DispatchItem, 'priorityClass' | 'receivedAt' | 'deadlineAt'>,
  params: DispatchParams = DEFAULT_DISPATCH_PARAMS,
): number {
  const pseudo = item.receivedAt + params.serviceTargetHours[item.priorityClass] * unit(params);
  if (item.deadlineAt === null) return pseudo;
  // A P1 item with a long legal clock is still due within its service target.
  return item.priorityClass === 'P1' ? Math.min(item.deadlineAt, pseudo) : item.deadlineAt;
}

/**
 * The ATC index with aging, on plain numbers (all times in hours) so hot loops can call it without
 * building objects. `scaleHours` is k·p̄.
 */
export function atcIndex(
  weight: number,
  effortHours: number,
  dueHours: number,
  nowHours: number,
  scaleHours: number,
  ageHours: number,
  agingHours: number,
): number {
  const p = Math.max(effortHours, 1e-6);
  const slack = Math.max(dueHours - p - nowHours, 0);
  const urgency = Math.exp(-slack / Math.max(scaleHours, 1e-9));
  const aging = 1 + Math.max(ageHours, 0) / agingHours;
  return (weight / p) * urgency * aging;
}

export interface ScoreContext {
  now: number;
  /**
   * p̄ of the ATC index, in hours. For one worker it is the mean effort of the waiting items (the default
   * when omitted is the item's own topic effort). For a team on a shared queue, pass the calendar time the
   * team needs to work off the queue, which plays the role a job's processing time plays on one machine.
   */
  pBarHours?: number;
}

/** Within-tier value for the EDD tiers: earlier due gives a higher value. */
function eddValue(dueHours: number, nowHours: number): number {
  return clampTier(TIER_SPAN / 2 - (dueHours - nowHours) * 1000);
}

/**
 * Numeric dispatch score at time `ctx.now`; higher is served sooner. P1 items always outrank the rest;
 * within the other classes the aging ATC index decides.
 */
export function dispatchScore(
  item: DispatchItem,
  ctx: ScoreContext,
  params: DispatchParams = DEFAULT_DISPATCH_PARAMS,
): number {
  const u = unit(params);
  const now = ctx.now / u;
  const due = dueAt(item, params) / u;
  if (isUrgent(item)) return TIER_P1 + eddValue(due, now);
  const p = item.effortHours > 0 ? item.effortHours : params.effortHours[item.topic];
  const pBar = ctx.pBarHours ?? p;
  const index = atcIndex(
    params.classWeight[item.priorityClass],
    p,
    due,
    now,
    params.k * pBar,
    now - item.receivedAt / u,
    params.agingHours,
  );
  return TIER_REST + clampTier(index);
}

/** Score of an interim-notice task: above every non-P1 item, earliest notice due first. */
export function noticeScore(
  noticeDueAt: number,
  now: number,
  params: DispatchParams = DEFAULT_DISPATCH_PARAMS,
): number {
  const u = unit(params);
  return TIER_NOTICE + eddValue(noticeDueAt / u, now / u);
}

/** Turn a capacity number into a profile (worker-hours per calendar day, even over the day). */
export function toCapacityProfile(
  capacity: Capacity,
  params: Pick<DispatchParams, 'timeUnit'> = DEFAULT_DISPATCH_PARAMS,
): CapacityProfile {
  if (typeof capacity !== 'number') return capacity;
  const perTimeUnit = capacity / (24 * unit(params));
  return { workerHoursBetween: (from, to) => Math.max(0, to - from) * perTimeUnit };
}

/** Binary max-heap of numbers with an attached payload, just enough for Moore–Hodgson. */
class MaxHeap<T> {
  private readonly keys: number[] = [];
  private readonly vals: T[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, val: T): void {
    const keys = this.keys;
    const vals = this.vals;
    let i = keys.length;
    keys.push(key);
    vals.push(val);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! >= key) break;
      keys[i] = keys[parent]!;
      vals[i] = vals[parent]!;
      i = parent;
    }
    keys[i] = key;
    vals[i] = val;
  }
  pop(): { key: number; val: T } | undefined {
    const keys = this.keys;
    const vals = this.vals;
    if (keys.length === 0) return undefined;
    const top = { key: keys[0]!, val: vals[0]! };
    const lastKey = keys.pop()!;
    const lastVal = vals.pop()!;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && keys[r]! > keys[l]! ? r : l;
        if (keys[c]! <= lastKey) break;
        keys[i] = keys[c]!;
        vals[i] = vals[c]!;
        i = c;
      }
      keys[i] = lastKey;
      vals[i] = lastVal;
    }
    return top;
  }
}

export interface FeasibilityResult {
  /** New notice tasks (for infeasible items and as the on-schedule safety net), earliest due first. */
  notices: InterimNoticeTask[];
  /** Ids of deadline items that will be late with the staff on hand (with or without a notice). */
  lateIds: string[];
  /** Worker-hours booked for the preceding classes before the deadline walk. */
  precedingEffortHours: number;
}

/**
 * Deadline feasibility check. Books the open effort of the preceding classes (P1, P2) first, then walks the
 * deadline items in earliest-due order and adds their effort; whenever the running total exceeds the
 * capacity available until an item's deadline, the longest job accepted so far is dropped (Moore–Hodgson,
 * optimal for the number of late jobs on one machine). Dropped items get an interim-notice task if their
 * clock is in `noticeKinds` and no notice went out yet; notices whose due time has already passed are still
 * issued while the deadline itself has not. As a safety net, accepted items whose notice date is near get a
 * notice too (GKV reference §2: interim notices go out on schedule regardless of queue position). Release times (`readyAt`) are only used to spot items that
 * cannot be ready in time; otherwise the walk treats waiting items like ready ones (an approximation).
 */
export function checkDeadlineFeasibility(
  items: readonly DispatchItem[],
  now: number,
  capacity: Capacity,
  params: DispatchParams = DEFAULT_DISPATCH_PARAMS,
): FeasibilityResult {
  const u = unit(params);
  const profile = toCapacityProfile(capacity, params);
  const preceding = new Set(params.precedingClasses);
  let booked = 0;
  const withDeadline: DispatchItem[] = [];
  for (const it of items) {
    const p = it.effortHours > 0 ? it.effortHours : params.effortHours[it.topic];
    if (isUrgent(it) || preceding.has(it.priorityClass)) {
      booked += p;
      // P1/P2 items with a clock are worked ahead anyway, so they are not walked again.
      continue;
    }
    if (it.deadlineAt !== null && it.deadlineAt > now) withDeadline.push(it);
  }
  const precedingEffortHours = booked;
  withDeadline.sort((a, b) => a.deadlineAt! - b.deadlineAt! || a.receivedAt - b.receivedAt);

  const accepted = new MaxHeap<DispatchItem>();
  const late: DispatchItem[] = [];
  for (const it of withDeadline) {
    const p = it.effortHours > 0 ? it.effortHours : params.effortHours[it.topic];
    if (it.readyAt !== undefined && it.readyAt !== null && it.readyAt + p * u > it.deadlineAt!) {
      // Waiting on others until past the deadline: late whatever the team does, and it books no capacity.
      late.push(it);
      continue;
    }
    booked += p;
    accepted.push(p, it);
    const available = profile.workerHoursBetween(now, it.deadlineAt!) * params.feasibilityCapacityShare;
    while (booked > available && accepted.size > 0) {
      const dropped = accepted.pop()!;
      booked -= dropped.key;
      late.push(dropped.val);
    }
  }

  const kinds = new Set(params.noticeKinds);
  const notices: InterimNoticeTask[] = [];
  const lateIds = late.map((it) => it.id);
  const safetyFrom = now + (params.noticeLeadHours + params.noticeSafetyHours) * u;
  const onSchedule: DispatchItem[] = [];
  for (let top = accepted.pop(); top; top = accepted.pop()) {
    if (top.val.deadlineAt! <= safetyFrom) onSchedule.push(top.val);
  }
  const candidates: [DispatchItem, InterimNoticeTask['reason']][] = [
    ...late.map((it) => [it, 'infeasible'] as [DispatchItem, InterimNoticeTask['reason']]),
    ...onSchedule.map((it) => [it, 'schedule'] as [DispatchItem, InterimNoticeTask['reason']]),
  ];
  for (const [it, reason] of candidates) {
    if (it.interimNoticeSent || it.deadlineKind === null || !kinds.has(it.deadlineKind)) continue;
    notices.push({
      reason,
      kind: 'interim_notice',
      id: `notice:${it.id}`,
      itemId: it.id,
      dueAt: it.deadlineAt! - params.noticeLeadHours * u,
      effortHours: params.noticeEffortHours,
      deadlineAt: it.deadlineAt!,
      deadlineKind: it.deadlineKind,
    });
  }
  notices.sort((a, b) => a.dueAt - b.dueAt);
  return { notices, lateIds, precedingEffortHours };
}

export type WorklistEntry =
  | { type: 'item'; item: DispatchItem; score: number }
  | { type: 'notice'; task: InterimNoticeTask; score: number };

/**
 * The full worklist at `now`: feasibility check, then items and notice tasks merged by score
 * (highest first). p̄ defaults to the mean effort of the waiting non-P1 items.
 */
export function buildWorklist(
  items: readonly DispatchItem[],
  now: number,
  capacity: Capacity,
  params: DispatchParams = DEFAULT_DISPATCH_PARAMS,
  pBarHours?: number,
): { entries: WorklistEntry[]; feasibility: FeasibilityResult } {
  const feasibility = checkDeadlineFeasibility(items, now, capacity, params);
  let pBar = pBarHours;
  if (pBar === undefined) {
    let sum = 0;
    let n = 0;
    for (const it of items) {
      if (isUrgent(it)) continue;
      sum += it.effortHours > 0 ? it.effortHours : params.effortHours[it.topic];
      n += 1;
    }
    pBar = n > 0 ? sum / n : 1;
  }
  const entries: WorklistEntry[] = items.map((item) => ({
    type: 'item' as const,
    item,
    score: dispatchScore(item, { now, pBarHours: pBar }, params),
  }));
  for (const task of feasibility.notices)
    entries.push({ type: 'notice', task, score: noticeScore(task.dueAt, now, params) });
  entries.sort((a, b) => b.score - a.score);
  return { entries, feasibility };
}
