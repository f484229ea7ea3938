/**
 * The Teamleitung view of the backlog: what is open (class, topic, age), which deadlines and interim
 * notices are coming, how much was done and arrived per day, and when the backlog will be gone
 * (Monte-Carlo forecast from the recorded daily flow, with what-if staffing).
 *
 * Deadlines and interim notices are read live (narrow index ranges). The aggregates over the whole backlog
 * (mix, daily flow, forecast) form a snapshot that the rescoring job refreshes every few minutes, so the
 * dashboard stays fast with a million concerns; a missing or stale snapshot is computed on the spot.
 */
import { withTenant, type Db } from '../db/database.js';
import { addDays, berlinDate } from '../deadlines/index.js';
import { PRIORITY_CLASSES, PRIORITY_CLASS_LABEL, type PriorityClass } from '../shared/taxonomy.js';
import type { Tenant } from '../tenants/tenants.repository.js';
import { activeCaseWorkers } from '../worklist/dispatch.repository.js';
import {
  backlogMix,
  dailyFlow,
  deadlinesAtRisk,
  interimNoticesDue,
  readSnapshot,
  writeSnapshot,
  type BacklogMix,
  type DayCount,
  type DueItem,
} from './dashboard.repository.js';
import {
  compareWhatIf,
  forecastClearance,
  type ForecastInput,
  type ForecastResult,
  type WhatIf,
  type WhatIfComparison,
} from './forecast.js';

/** Days of daily flow shown in the throughput chart. */
const CHART_DAYS = 28;
/**
 * Days of history the forecast samples from. After an outage only the recent weeks reflect the team's
 * current capacity (the outage weeks recorded arrivals without work), so the forecast looks back two weeks.
 */
const FORECAST_DAYS = 14;
const RUNS = 5000;
/** A snapshot older than this is recomputed on request (the rescoring job refreshes it every 10 min). */
const SNAPSHOT_MAX_AGE_MS = 20 * 60_000;

export interface Snapshot {
  at: string;
  staff: number;
  backlog: BacklogMix & { total: number };
  throughput: { day: string; done: number; arrived: number }[];
  forecastInput: ForecastInput;
  forecast: ForecastResult;
}

export interface Dashboard extends Snapshot {
  deadlines: { overdue: number; next3Days: number; next7Days: number; items: DueItem[] };
  interimNotices: { due: number; overdue: number; items: DueItem[] };
}

/** Daily history per class, zero days included, for the last `days` full days. */
function dailyHistory(
  mix: BacklogMix,
  flow: { done: DayCount[]; arrived: DayCount[] },
  staff: number,
  now: Date,
  length: number,
): ForecastInput {
  const today = berlinDate(now);
  const days = Array.from({ length }, (_, i) => addDays(today, i - length));
  const index = (list: DayCount[]) => new Map(list.map((r) => [`${r.day}|${r.priorityClass}`, r.n]));
  const done = index(flow.done);
  const arrived = index(flow.arrived);
  return {
    today,
    staff: { current: Math.max(staff, 1) },
    workClasses: PRIORITY_CLASSES.map((c: PriorityClass) => ({
      key: c,
      label: `${c} ${PRIORITY_CLASS_LABEL[c]}`,
      backlog: mix.byClass[c],
      history: days.map((date) => ({
        date,
        done: done.get(`${date}|${c}`) ?? 0,
        arrived: arrived.get(`${date}|${c}`) ?? 0,
      })),
    })),
  };
}

/** Recomputes the slow aggregates and stores them; called by the rescoring job and on a stale read. */
export async function refreshSnapshot(db: Db, tenant: Tenant, now = new Date()): Promise<Snapshot> {
  const from = new Date(now.getTime() - (CHART_DAYS + 1) * 86_400_000);
  const { mix, flow, staff } = await withTenant(db, tenant.id, async (trx) => ({
    mix: await backlogMix(trx, tenant.id, now),
    flow: await dailyFlow(trx, tenant.id, from),
    staff: await activeCaseWorkers(trx),
  }));
  const input = dailyHistory(mix, flow, staff, now, FORECAST_DAYS);
  const chart = dailyHistory(mix, flow, staff, now, CHART_DAYS);
  const throughput = chart.workClasses[0]!.history.map((h, i) => ({
    day: h.date,
    done: chart.workClasses.reduce((s, wc) => s + wc.history[i]!.done, 0),
    arrived: chart.workClasses.reduce((s, wc) => s + wc.history[i]!.arrived, 0),
  }));
  const snapshot: Snapshot = {
    at: now.toISOString(),
    staff,
    backlog: { ...mix, total: Object.values(mix.byClass).reduce((a, b) => a + b, 0) },
    throughput,
    forecastInput: input,
    forecast: forecastClearance(input, { runs: RUNS, seed: 1 }),
  };
  await withTenant(db, tenant.id, (trx) => writeSnapshot(trx, tenant.id, snapshot, now));
  return snapshot;
}

async function currentSnapshot(db: Db, tenant: Tenant, now: Date): Promise<Snapshot> {
  const stored = await withTenant(db, tenant.id, (trx) => readSnapshot(trx, tenant.id));
  if (stored && now.getTime() - stored.at.getTime() < SNAPSHOT_MAX_AGE_MS) return stored.snapshot as Snapshot;
  return refreshSnapshot(db, tenant, now);
}

export async function buildDashboard(db: Db, tenant: Tenant, now = new Date()): Promise<Dashboard> {
  const snapshot = await currentSnapshot(db, tenant, now);
  const live = await withTenant(db, tenant.id, async (trx) => ({
    deadlines: await deadlinesAtRisk(trx, tenant.id, now, 20),
    interimNotices: await interimNoticesDue(trx, tenant.id, now, 20),
  }));
  return { ...snapshot, ...live };
}

export async function forecastWithWhatIf(
  db: Db,
  tenant: Tenant,
  whatIf: WhatIf,
  now = new Date(),
): Promise<{ forecast: ForecastResult; comparison: WhatIfComparison }> {
  const { forecastInput: input, forecast } = await currentSnapshot(db, tenant, now);
  const any = Object.keys(whatIf).length > 0;
  return {
    forecast: any ? forecastClearance(input, { runs: RUNS, seed: 1, whatIf }) : forecast,
    comparison: compareWhatIf(input, [{ name: 'Was-wäre-wenn', whatIf }], { runs: RUNS, seed: 1 }),
  };
}
