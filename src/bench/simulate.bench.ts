/**
 * Benchmark: the standard outage scenario (bitmarck-2023: 1 M insured, 1,500 staff, 10 days outage), all
 * four dispatch policies on one arrival stream. Reports the wall time and the key figures per policy.
 */
import { POLICIES, SCENARIOS, DEFAULT_SCENARIO, simulate } from '../backlog/simulate/index.js';

export async function bench(ctx: {
  sharedDir: string;
  log: (line: string) => void;
}): Promise<Record<string, unknown>> {
  const scenario = SCENARIOS[DEFAULT_SCENARIO]!;
  const started = performance.now();
  const result = simulate(scenario, { policies: POLICIES });
  const wallSeconds = (performance.now() - started) / 1000;
  const figures: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(result.policies)) {
    if (!m) continue;
    figures[name] = {
      p95WaitHours: m.p95WaitHours,
      maxWaitHours: m.maxWaitHours,
      missed13_3a: m.missed13_3a,
      missed13_3aUnavoidable: m.missed13_3aUnavoidable,
      weeksOwed18c: m.weeksOwed18c,
      cashDelayDaysP95: m.cashDelayDaysP95,
      interimNoticesSent: m.interimNoticesSent,
      clearedAtDay: m.clearedAtDay,
      policyWallMs: m.wallMs,
    };
    ctx.log(
      `simulate ${name}: p95 P1 ${m.p95WaitHours.P1} h, missed §13(3a) ${m.missed13_3a}, ${m.wallMs} ms`,
    );
  }
  ctx.log(`simulate ${DEFAULT_SCENARIO}: ${result.scenario.itemsTotal} items, ${wallSeconds.toFixed(1)} s`);
  return {
    scenario: DEFAULT_SCENARIO,
    itemsTotal: result.scenario.itemsTotal,
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    nodeVersion: process.version,
    policies: figures,
  };
}
