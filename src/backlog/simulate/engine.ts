/**
 * Hourly discrete-time engine. Each tick releases the items that became visible, then spends that hour's
 * worker-hours on the queue in the order the policy dictates. Work is treated as a fluid within the tick
 * (completion time interpolated by hours used), which is accurate enough with hundreds of workers and
 * keeps the standard scenario fast. Each class has its own binary heap; the policy decides how keys are
 * formed and which heap top is taken next.
 */
import {
  DEFAULT_DISPATCH_PARAMS,
  atcIndex,
  checkDeadlineFeasibility,
  type CapacityProfile,
  type DispatchItem,
  type DispatchParams,
} from '../dispatch.js';
import { PRIORITY_CLASSES, TOPICS } from '../../shared/taxonomy.js';
import { IndexHeap } from './heap.js';
import { DEADLINE_KINDS, capacityBetween, type SimModel } from './model.js';
import type { PolicyName } from './scenario.js';

export interface PolicyRun {
  policy: PolicyName;
  /** Completion (decision) time per item in hours; NaN while open. */
  completedAt: Float64Array;
  /** Time the interim notice went out; NaN if none. */
  noticeAt: Float64Array;
  noticesSent: number;
  /** Open items (received, not decided) at the end of each simulated day, first entry = first warm-up day. */
  openByDay: number[];
  /** Open items at the end of the working day (NaN on non-working days). */
  openAtClose: number[];
  completed: number;
  wallMs: number;
}

export type ProgressFn = (fraction: number) => void;

/** Due date used by edd and vorrang: legal deadline, else receipt + class service target (P1: the earlier). */
export function computeDue(model: SimModel, dp: DispatchParams): Float64Array {
  const s = model.stream;
  const due = new Float64Array(s.n);
  const target = PRIORITY_CLASSES.map((c) => dp.serviceTargetHours[c]);
  for (let i = 0; i < s.n; i++) {
    const c = s.cls[i]!;
    const pseudo = s.arrival[i]! + target[c]!;
    const d = s.deadline[i]!;
    due[i] = d === Number.POSITIVE_INFINITY ? pseudo : c === 0 ? Math.min(d, pseudo) : d;
  }
  return due;
}

export function runPolicy(
  model: SimModel,
  policy: PolicyName,
  dp: DispatchParams = DEFAULT_DISPATCH_PARAMS,
  progress?: ProgressFn,
): PolicyRun {
  const started = performance.now();
  const { stream: s, timeline: tl, calendar, params } = model;
  const n = s.n;
  const key = new Float64Array(n);
  const noticeKey = new Float64Array(n);
  const completedAt = new Float64Array(n).fill(Number.NaN);
  const noticeAt = new Float64Array(n).fill(Number.NaN);
  const noticeQueued = new Uint8Array(n);
  const heaps = [0, 1, 2, 3].map(() => new IndexHeap(key, 1 << 12));
  const noticeHeap = new IndexHeap(noticeKey, 1 << 10);
  const due = computeDue(model, dp);
  const weight = PRIORITY_CLASSES.map((c) => dp.classWeight[c]);
  const arrival = s.arrival;
  const est = s.estEffort;
  const effort = s.effort;
  const cls = s.cls;
  const vorrang = policy === 'vorrang';
  const profile: CapacityProfile = { workerHoursBetween: (a, b) => capacityBetween(tl, a, b) };
  const noticeKindCodes = new Set(dp.noticeKinds.map((k) => DEADLINE_KINDS.indexOf(k)));

  let scoreTime = tl.t0;
  let scale = dp.k * 24;
  let openEst = 0;
  let completed = 0;
  let noticesSent = 0;
  let debt = 0;
  const pending: number[] = [];
  const openByDay: number[] = [];
  const openAtClose: number[] = [];
  const closeHour = params.workdayStartHour + params.hoursPerDay - 1;

  const keyOf = (i: number): number => {
    switch (policy) {
      case 'fifo':
      case 'priority_age':
        return arrival[i]!;
      case 'edd':
        return due[i]!;
      case 'vorrang': {
        const c = cls[i]!;
        if (c === 0) return due[i]!;
        return -atcIndex(
          weight[c]!,
          est[i]!,
          due[i]!,
          scoreTime,
          scale,
          scoreTime - arrival[i]!,
          dp.agingHours,
        );
      }
    }
  };

  const rescore = (t: number): void => {
    // p̄ for a team: the calendar time it needs to work off what is open now, within sensible bounds.
    const drainHours = openEst / tl.normalPerHour;
    scale = dp.k * Math.min(14 * 24, Math.max(8, drainHours));
    scoreTime = t;
    for (let c = 1; c < 4; c++) {
      const h = heaps[c]!;
      const items = h.items();
      for (let j = 0; j < items.length; j++) key[items[j]!] = keyOf(items[j]!);
      h.rebuild();
    }
  };

  const planNotices = (t: number): void => {
    const batch: DispatchItem[] = [];
    const topicSlug = TOPICS.map((x) => x.slug);
    const push = (i: number): void => {
      const kind = DEADLINE_KINDS[s.kind[i]!] ?? null;
      const c = cls[i]!;
      batch.push({
        id: String(i),
        priorityClass: PRIORITY_CLASSES[c]!,
        topic: topicSlug[s.topic[i]!]!,
        receivedAt: arrival[i]!,
        effortHours: est[i]!,
        deadlineAt: Number.isFinite(s.deadline[i]!) ? s.deadline[i]! : null,
        deadlineKind: kind,
        interimNoticeSent: noticeQueued[i] === 1,
        medicallyUrgent: c === 0,
        readyAt: s.readyAt[i]! > t ? s.readyAt[i]! : null,
      });
    };
    // Items still waiting for documents or the MD are known to the Kasse and run their clocks too.
    let keep = 0;
    for (let j = 0; j < pending.length; j++) {
      const i = pending[j]!;
      if (s.readyAt[i]! <= t) continue;
      pending[keep++] = i;
      if (cls[i]! >= 2 && noticeQueued[i] === 0 && s.deadline[i]! > t) push(i);
    }
    pending.length = keep;
    for (let c = 0; c < 2; c++) for (const i of heaps[c]!.items()) push(i);
    for (let c = 2; c < 4; c++) {
      for (const i of heaps[c]!.items()) {
        if (noticeQueued[i] === 0 && s.deadline[i]! > t) push(i);
      }
    }
    const res = checkDeadlineFeasibility(batch, t, profile, dp);
    for (const task of res.notices) {
      const i = Number(task.itemId);
      if (!noticeKindCodes.has(s.kind[i]!)) continue;
      noticeQueued[i] = 1;
      noticeKey[i] = task.dueAt;
      noticeHeap.push(i);
    }
  };

  /** Returns the class heap to take from (0–3), 4 for the notice queue, -1 if nothing is workable. */
  const select = (mask: number, noticesOk: boolean): number => {
    switch (policy) {
      case 'priority_age':
        for (let c = 0; c < 4; c++) if (mask & (1 << c) && heaps[c]!.size > 0) return c;
        return -1;
      case 'vorrang':
        if (mask & 1 && heaps[0]!.size > 0) return 0;
        if (noticesOk && noticeHeap.size > 0) return 4;
        return bestTop(mask, 1);
      case 'fifo':
      case 'edd':
        return bestTop(mask, 0);
    }
  };

  const bestTop = (mask: number, from: number): number => {
    let best = -1;
    let bestKey = 0;
    let bestIdx = 0;
    for (let c = from; c < 4; c++) {
      if (!(mask & (1 << c))) continue;
      const top = heaps[c]!.peek();
      if (top < 0) continue;
      const k = key[top]!;
      if (best < 0 || k < bestKey || (k === bestKey && top < bestIdx)) {
        best = c;
        bestKey = k;
        bestIdx = top;
      }
    }
    return best;
  };

  for (let k = 0; k < tl.ticks; k++) {
    const t = tl.t0 + k;
    const day = Math.floor(t / 24);
    const hour = t - day * 24;

    for (let j = s.releaseStart[k]!; j < s.releaseStart[k + 1]!; j++) {
      const i = s.releaseOrder[j]!;
      key[i] = keyOf(i);
      heaps[cls[i]!]!.push(i);
      openEst += est[i]!;
    }

    if (vorrang) {
      for (let j = s.seenStart[k]!; j < s.seenStart[k + 1]!; j++) {
        const i = s.seenOrder[j]!;
        if (Number.isFinite(s.deadline[i]!)) pending.push(i);
      }
    }

    const workingDay = calendar.isWorkingDay(day);
    if (vorrang && workingDay && hour === params.workdayStartHour) {
      rescore(t);
      if (tl.noticesAllowed[k] === 1) planNotices(t);
    }

    const cap = tl.capacity[k]!;
    const mask = tl.eligible[k]!;
    if (cap > 0 && mask !== 0) {
      let position = debt;
      let budget = cap - debt;
      const noticesOk = tl.noticesAllowed[k] === 1;
      let idle = false;
      while (budget > 0) {
        const c = select(mask, noticesOk);
        if (c < 0) {
          idle = true;
          break;
        }
        if (c === 4) {
          const i = noticeHeap.pop();
          if (!Number.isNaN(completedAt[i]!)) continue;
          position += dp.noticeEffortHours;
          budget -= dp.noticeEffortHours;
          noticeAt[i] = t + Math.min(1, position / cap);
          noticesSent += 1;
          continue;
        }
        const i = heaps[c]!.pop();
        const e = effort[i]!;
        position += e;
        budget -= e;
        if (!Number.isNaN(completedAt[i]!)) throw new Error(`item ${i} completed twice`);
        completedAt[i] = t + Math.min(1, position / cap);
        completed += 1;
        openEst -= est[i]!;
      }
      debt = idle || budget >= 0 ? 0 : -budget;
    }

    if (hour === closeHour) openAtClose.push(workingDay ? s.arrivedByTick[k]! - completed : Number.NaN);
    if (hour === 23) openByDay.push(s.arrivedByTick[k]! - completed);
    if (progress && k % 240 === 239 && k + 1 < tl.ticks) progress((k + 1) / tl.ticks);
  }
  progress?.(1);

  return {
    policy,
    completedAt,
    noticeAt,
    noticesSent,
    openByDay,
    openAtClose,
    completed,
    wallMs: performance.now() - started,
  };
}
