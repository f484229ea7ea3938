/**
 * The Teamleitung view of the backlog: what is open (class, topic, age), which deadlines and interim
 * notices are coming, how much was done and arrived per day, and when the backlog will be gone
 * (Monte-Carlo forecast from the recorded daily flow, with what-if staffing).
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
  type BacklogMix,
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

const HISTORY_DAYS = 56;
const RUNS = 5000;

export interface Dashboard {
  generatedAt: Date;
  staff: number;
  backlog: BacklogMix & { total: number };
  deadlines: { overdue: number; next3Days: number; next7Days: number; items: DueItem[] };
  interimNotices: { due: number; overdue: number; items: DueItem[] };
  throughput: { day: string; done: number; arrived: number }[];
  forecast: ForecastResult;
}

/** Reads everything the dashboard and the forecast need in one tenant transaction. */
async function readState(db: Db, tenant: Tenant, now: Date) {
  const from = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  return withTenant(db, tenant.id, async (trx) => {
    const [mix, deadlines, notices, flow, staff] = await Promise.all([
      backlogMix(trx, tenant.id, now),
      deadlinesAtRisk(trx, tenant.id, now, 20),
      interimNoticesDue(trx, tenant.id, now, 20),
      dailyFlow(trx, tenant.id, from),
      activeCaseWorkers(trx),
    ]);
    return { mix, deadlines, notices, flow, staff };
  });
}

type State = Awaited<ReturnType<typeof readState>>;

/** Daily history per class, zero days included, for the last HISTORY_DAYS full days. */
function forecastInput(state: State, now: Date): ForecastInput {
  const today = berlinDate(now);
  const days = Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(today, i - HISTORY_DAYS));
  const index = (list: State['flow']['done']) => {
    const m = new Map<string, number>();
    for (const r of list) m.set(`${r.day}|${r.priorityClass}`, r.n);
    return m;
  };
  const done = index(state.flow.done);
  const arrived = index(state.flow.arrived);
  return {
    today,
    staff: { current: Math.max(state.staff, 1) },
    workClasses: PRIORITY_CLASSES.map((c: PriorityClass) => ({
      key: c,
      label: `${c} ${PRIORITY_CLASS_LABEL[c]}`,
      backlog: state.mix.byClass[c],
      history: days.map((date) => ({
        date,
        done: done.get(`${date}|${c}`) ?? 0,
        arrived: arrived.get(`${date}|${c}`) ?? 0,
      })),
    })),
  };
}

export async function buildDashboard(db: Db, tenant: Tenant, now = new Date()): Promise<Dashboard> {
  const state = await readState(db, tenant, now);
  const input = forecastInput(state, now);
  const throughput = input.workClasses[0]!.history.map((h, i) => ({
    day: h.date,
    done: input.workClasses.reduce((s, wc) => s + wc.history[i]!.done, 0),
    arrived: input.workClasses.reduce((s, wc) => s + wc.history[i]!.arrived, 0),
  }));
  const total = Object.values(state.mix.byClass).reduce((a, b) => a + b, 0);
  return {
    generatedAt: now,
    staff: state.staff,
    backlog: { ...state.mix, total },
    deadlines: state.deadlines,
    interimNotices: state.notices,
    throughput: throughput.slice(-28),
    forecast: forecastClearance(input, { runs: RUNS, seed: 1 }),
  };
}

export async function forecastWithWhatIf(
  db: Db,
  tenant: Tenant,
  whatIf: WhatIf,
  now = new Date(),
): Promise<{ forecast: ForecastResult; comparison: WhatIfComparison }> {
  const input = forecastInput(await readState(db, tenant, now), now);
  return {
    forecast: forecastClearance(input, { runs: RUNS, seed: 1, whatIf }),
    comparison: compareWhatIf(input, [{ name: 'Was-wäre-wenn', whatIf }], { runs: RUNS, seed: 1 }),
  };
}
