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
  type DeadlineKind as DispatchKind,
  type DispatchItem,
} from '../backlog/dispatch.js';
import { withTenant, type Db } from '../db/database.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';
import {
  acquireRun,
  activeCaseWorkers,
  finishRun,
  lastPBarHours,
  openItemsAfter,
  writeNoticeDue,
  writeScores,
  type ScoringRow,
} from './dispatch.repository.js';

const HOUR = 3_600_000;

/** Maps the legal clock codes of src/deadlines to the clock codes the dispatch policy knows. */
export function dispatchKindOf(kind: string | null): DispatchKind | null {
  if (!kind) return null;
  if (kind === 'sgb5_13_3a') return 'sgbv_13_3a';
  if (kind === 'sgb11_18c') return 'sgbxi_18c';
  if (kind === 'sgb11_18a_assessment') return 'sgbxi_18a';
  if (kind.startsWith('sgb9_')) return 'sgbix_14';
  if (kind === 'dsgvo_15') return 'dsgvo_15';
  if (kind.startsWith('sgg_88')) return 'sgg_88';
  return 'other';
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
  return {
    id: f.id,
    priorityClass: f.priorityClass,
    topic: f.topic,
    receivedAt: f.receivedAt.getTime() / HOUR,
    effortHours: DEFAULT_DISPATCH_PARAMS.effortHours[f.topic],
    deadlineAt: f.earliestDueAt ? f.earliestDueAt.getTime() / HOUR : null,
    deadlineKind: dispatchKindOf(f.earliestDueKind),
    interimNoticeSent: f.interimNoticeSentAt !== null,
    medicallyUrgent: f.priorityClass === 'P1',
  };
}

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
  if (noticeDueAt && f.priorityClass !== 'P1') {
    return noticeScore(
      {
        kind: 'interim_notice',
        id: `notice:${f.id}`,
        itemId: f.id,
        dueAt: noticeDueAt.getTime() / HOUR,
        effortHours: DEFAULT_DISPATCH_PARAMS.noticeEffortHours,
        deadlineAt: f.earliestDueAt ? f.earliestDueAt.getTime() / HOUR : 0,
        deadlineKind: dispatchKindOf(f.earliestDueKind) ?? 'other',
        preventsConsequence: true,
        reason: 'infeasible',
      },
      now.getTime() / HOUR,
    );
  }
  return dispatchScore(toItem(f), { now: now.getTime() / HOUR, pBarHours });
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

  const rows: ScoringRow[] = [];
  const items: DispatchItem[] = [];
  let after: string | null = null;
  let workers = 0;
  for (;;) {
    const page = await withTenant(db, tenantId, async (trx) => {
      if (after === null) workers = await activeCaseWorkers(trx);
      return openItemsAfter(trx, after, 20_000);
    });
    for (const r of page) {
      rows.push(r);
      items.push(toItem(r));
    }
    if (page.length < 20_000) break;
    after = page[page.length - 1]!.id;
  }

  // Worker-hours per calendar day: case hours on five of seven days.
  const capacity = (Math.max(workers, 1) * (options.caseHoursPerDay ?? 6) * 5) / 7;
  const nowH = now.getTime() / HOUR;
  const feasibility = checkDeadlineFeasibility(items, nowH, capacity);
  const noticeDue = new Map(feasibility.notices.map((n) => [n.itemId, new Date(n.dueAt * HOUR)]));
  let effort = 0;
  for (const it of items) if (it.priorityClass !== 'P1') effort += it.effortHours;
  const pBar = Math.min(PBAR_BOUNDS.max, Math.max(PBAR_BOUNDS.min, effort / (capacity / 24)));

  // Notice due times change rarely: write only the differences.
  const changedIds: string[] = [];
  const changedDue: (Date | null)[] = [];
  for (const r of rows) {
    const due = noticeDue.get(r.id) ?? null;
    if ((due?.getTime() ?? null) !== (r.interimNoticeDueAt?.getTime() ?? null)) {
      changedIds.push(r.id);
      changedDue.push(due);
    }
  }
  for (let i = 0; i < changedIds.length; i += chunk) {
    await withTenant(db, tenantId, (trx) =>
      writeNoticeDue(trx, changedIds.slice(i, i + chunk), changedDue.slice(i, i + chunk)),
    );
  }
  // Scores only matter for queued (new) items, and only changes that can move an item are written: between
  // two runs most scores drift by far less than SCORE_TOLERANCE. Two writers at a time keep both database
  // cores busy; their chunks are disjoint, so they never wait on each other.
  const queued: { row: ScoringRow; score: number }[] = [];
  for (const r of rows) {
    if (r.status !== 'neu') continue;
    const score = scoreNow(r, now, noticeDue.get(r.id) ?? null, pBar);
    if (r.score === null || Math.abs(score - r.score) > SCORE_TOLERANCE * Math.max(Math.abs(score), 1e-9)) {
      queued.push({ row: r, score });
    }
  }
  let next = 0;
  let written = 0;
  const writer = async () => {
    while (next < queued.length) {
      const slice = queued.slice(next, next + chunk);
      next += chunk;
      await withTenant(db, tenantId, (trx) =>
        writeScores(
          trx,
          slice.map((q) => q.row.id),
          slice.map((q) => q.score),
        ),
      );
      written += slice.length;
      options.onProgress?.(written);
    }
  };
  await Promise.all([writer(), writer()]);

  const ms = Math.round(performance.now() - started);
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
  return { ran: true, items: rows.length, written, notices: noticeDue.size, ms, pBarHours: pBar };
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
