/**
 * The live side of the dispatch policy (src/backlog/dispatch.ts): a stored score per concern, set at
 * intake and on every change, and refreshed for the whole backlog by the rescoring job as time passes,
 * because the ATC index and the feasibility of deadlines depend on the clock.
 */
import {
  checkDeadlineFeasibility,
  DEFAULT_DISPATCH_PARAMS,
  dispatchScore,
  noticeScore,
  type DispatchItem,
} from '../backlog/dispatch.js';
import { withTenant, type Db } from '../db/database.js';
import { DEADLINE_KINDS, type DeadlineKind } from '../deadlines/index.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';
import {
  acquireRun,
  activeCaseWorkers,
  finishRun,
  lastPBarHours,
  legalNoticeTimes,
  readOpenItems,
  writeNoticeDue,
  writeScores,
  type ScoringRow,
} from './dispatch.repository.js';

const HOUR = 3_600_000;

const KNOWN_KINDS = new Set<string>(DEADLINE_KINDS);

/** The stored clock code as the dispatcher's kind (null for none or a code this version does not know). */
function deadlineKindOf(kind: string | null): DeadlineKind | null {
  return kind !== null && KNOWN_KINDS.has(kind) ? (kind as DeadlineKind) : null;
}

export interface ScoreInput {
  id: string;
  priorityClass: PriorityClass;
  topic: TopicSlug;
  receivedAt: Date;
  earliestDueAt: Date | null;
  earliestDueKind: string | null;
  interimNoticeSentAt: Date | null;
}

function toItem(f: ScoreInput): DispatchItem {
  return itemOf(
    f.id,
    f.priorityClass,
    f.topic,
    f.receivedAt.getTime(),
    f.earliestDueAt?.getTime() ?? null,
    f.earliestDueKind,
    f.interimNoticeSentAt !== null,
  );
}

function itemOf(
  id: string,
  priorityClass: PriorityClass,
  topic: TopicSlug,
  receivedMs: number,
  dueMs: number | null,
  dueKind: string | null,
  interimNoticeSent: boolean,
): DispatchItem {
  return {
    id,
    priorityClass,
    topic,
    receivedAt: receivedMs / HOUR,
    effortHours: DEFAULT_DISPATCH_PARAMS.effortHours[topic],
    deadlineAt: dueMs === null ? null : dueMs / HOUR,
    deadlineKind: deadlineKindOf(dueKind),
    interimNoticeSent,
    medicallyUrgent: priorityClass === 'P1',
  };
}

const rowItem = (r: ScoringRow): DispatchItem =>
  itemOf(
    r.id,
    r.priorityClass,
    r.topic,
    r.receivedMs,
    r.earliestDueMs,
    r.earliestDueKind,
    r.interimNoticeSent,
  );

/**
 * p̄ of the ATC index for a team on one shared queue: the hours the team needs to work off its queue (what a
 * job's processing time is on one machine). Until the first rescoring run, and as a floor and ceiling,
 * sensible bounds apply: a day at least, a month at most.
 */
export const DEFAULT_PBAR_HOURS = 72;
const PBAR_BOUNDS = { min: 24, max: 30 * 24 };

/** The score of one concern now, e.g. at intake, with the Kasse's last p̄. */
export function scoreNow(
  f: ScoreInput,
  now: Date,
  noticeDueAt: Date | null = null,
  pBarHours: number = DEFAULT_PBAR_HOURS,
): number {
  return scoreItem(
    toItem(f),
    now.getTime() / HOUR,
    noticeDueAt ? noticeDueAt.getTime() / HOUR : null,
    pBarHours,
  );
}

/** Score of a dispatch item at `nowH`: its interim-notice task when one is due, else its ATC index. */
function scoreItem(item: DispatchItem, nowH: number, noticeDueH: number | null, pBarHours: number): number {
  if (noticeDueH !== null && item.priorityClass !== 'P1') return noticeScore(noticeDueH, nowH);
  return dispatchScore(item, { now: nowH, pBarHours });
}

/** Relative score change below which a stored score is left as it is (see rescoreTenant). */
const SCORE_TOLERANCE = 0.002;

export interface RescoreResult {
  ran: boolean;
  items: number;
  /** Queue scores actually rewritten (the rest changed by less than the tolerance). */
  written?: number;
  notices: number;
  ms: number;
  /** Where the time went: reading the backlog, the feasibility check and scoring, writing back. */
  phases?: { readMs: number; computeMs: number; writeMs: number };
  pBarHours?: number;
}

export interface RescoreOptions {
  now?: Date;
  /** Hours of case work per worker and working day (the rest is meetings, phone, mail). */
  caseHoursPerDay?: number;
  /** Rows per read and per write transaction. */
  chunk?: number;
  onProgress?: (done: number) => void;
}

/**
 * Recomputes the dispatch index of one Kasse: reads every open item, runs the deadline feasibility check
 * against the staff on hand, scores the queue with the current p̄, and writes the scores back in short
 * transactions that skip rows a worker is claiming right now.
 */
export async function rescoreTenant(
  db: Db,
  tenantId: string,
  options: RescoreOptions = {},
): Promise<RescoreResult> {
  const now = options.now ?? new Date();
  const chunk = options.chunk ?? 10_000;
  const started = performance.now();
  const got = await withTenant(db, tenantId, (trx) => acquireRun(trx, tenantId, now, 10 * 60_000));
  if (!got) return { ran: false, items: 0, notices: 0, ms: 0 };

  const workers = await withTenant(db, tenantId, activeCaseWorkers);
  // Two halves of the backlog over two connections at once (see readOpenItems), joined in a fixed order.
  const halves = await Promise.all(
    [0, 1].map((part) => withTenant(db, tenantId, (trx) => readOpenItems(trx, { part, parts: 2 }, 50_000))),
  );
  const rows = halves.flat();
  const items = rows.map(rowItem);
  const readDone = performance.now();
  // Worker-hours per calendar day: case hours on five of seven days.
  const capacity = (Math.max(workers, 1) * (options.caseHoursPerDay ?? 6) * 5) / 7;
  const nowH = now.getTime() / HOUR;
  const feasibility = checkDeadlineFeasibility(items, nowH, capacity);
  // A notice is due when the legal clock says (the 3rd working day before the deadline, Land holidays
  // included, as shown in the deadline table); the policy's fixed lead time is only the fallback.
  const legal = new Map<string, number>();
  const noticeIds = feasibility.notices.map((n) => n.itemId);
  for (let i = 0; i < noticeIds.length; i += chunk) {
    const part = await withTenant(db, tenantId, (trx) =>
      legalNoticeTimes(trx, noticeIds.slice(i, i + chunk)),
    );
    for (const [id, ms] of part) legal.set(id, ms / HOUR);
  }
  const noticeDue = new Map(feasibility.notices.map((n) => [n.itemId, legal.get(n.itemId) ?? n.dueAt]));
  let effort = 0;
  for (const it of items) if (it.priorityClass !== 'P1') effort += it.effortHours;
  const pBar = Math.min(PBAR_BOUNDS.max, Math.max(PBAR_BOUNDS.min, effort / (capacity / 24)));

  // Notice due times change rarely: write only the differences. Scores only matter for queued (new) items,
  // and only changes that can move an item are written: between two runs most scores drift by far less than
  // SCORE_TOLERANCE. Only items with a deadline can have a notice, so only they are looked up.
  const changedIds: string[] = [];
  const changedDue: (Date | null)[] = [];
  const scoreIds: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const dueH = r.earliestDueMs === null ? undefined : noticeDue.get(r.id);
    const dueMs = dueH === undefined ? null : Math.trunc(dueH * HOUR);
    if (dueMs !== r.interimNoticeDueMs) {
      changedIds.push(r.id);
      changedDue.push(dueMs === null ? null : new Date(dueMs));
    }
    if (r.status !== 'neu') continue;
    const score = scoreItem(items[i]!, nowH, dueH ?? null, pBar);
    if (r.score === null || Math.abs(score - r.score) > SCORE_TOLERANCE * Math.max(Math.abs(score), 1e-9)) {
      scoreIds.push(r.id);
      scores.push(score);
    }
  }
  const computeDone = performance.now();

  // Writes in short transactions of `chunk` rows. Two writers at a time keep both database cores busy; their
  // chunks are disjoint, so they never wait on each other.
  const tasks: (() => Promise<void>)[] = [];
  for (let i = 0; i < changedIds.length; i += chunk) {
    const ids = changedIds.slice(i, i + chunk);
    const due = changedDue.slice(i, i + chunk);
    tasks.push(() => withTenant(db, tenantId, (trx) => writeNoticeDue(trx, ids, due)));
  }
  let written = 0;
  for (let i = 0; i < scoreIds.length; i += chunk) {
    const ids = scoreIds.slice(i, i + chunk);
    const values = scores.slice(i, i + chunk);
    tasks.push(async () => {
      await withTenant(db, tenantId, (trx) => writeScores(trx, ids, values));
      written += ids.length;
      options.onProgress?.(written);
    });
  }
  let next = 0;
  const writer = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all([writer(), writer()]);

  const ms = Math.round(performance.now() - started);
  const phases = {
    readMs: Math.round(readDone - started),
    computeMs: Math.round(computeDone - readDone),
    writeMs: Math.round(performance.now() - computeDone),
  };
  await withTenant(db, tenantId, (trx) =>
    finishRun(trx, tenantId, {
      finishedAt: new Date(),
      items: rows.length,
      notices: noticeDue.size,
      ms,
      pBarHours: pBar,
    }),
  );
  pBarCache.set(tenantId, { value: pBar, at: Date.now() });
  return { ran: true, items: rows.length, written, notices: noticeDue.size, ms, phases, pBarHours: pBar };
}

const pBarCache = new Map<string, { value: number; at: number }>();

/** The Kasse's p̄ from its last rescoring run, cached for a minute (read on every intake). */
export async function currentPBarHours(db: Db, tenantId: string): Promise<number> {
  const hit = pBarCache.get(tenantId);
  if (hit && Date.now() - hit.at < 60_000) return hit.value;
  const value = (await withTenant(db, tenantId, (trx) => lastPBarHours(trx, tenantId))) ?? DEFAULT_PBAR_HOURS;
  pBarCache.set(tenantId, { value, at: Date.now() });
  return value;
}
