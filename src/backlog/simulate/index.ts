/**
 * Public entry of the outage simulation: build one arrival stream, run every requested policy on it and
 * collect the figures.
 */
import { DEFAULT_DISPATCH_PARAMS, type DispatchParams } from '../dispatch.js';
import { runPolicy, type ProgressFn } from './engine.js';
import { computeMetrics, type PolicyMetrics } from './metrics.js';
import { buildModel, type SimModel } from './model.js';
import type { Phases, PolicyName, ScenarioParams } from './scenario.js';

export { POLICIES, SCENARIOS, DEFAULT_SCENARIO, CHANNELS } from './scenario.js';
export type { PolicyName, ScenarioParams, Channel } from './scenario.js';
export type { PolicyMetrics } from './metrics.js';

export interface ScenarioSummary extends ScenarioParams {
  phases: Phases;
  itemsTotal: number;
  crisisCallsAnswered: number;
  /** Back-office worker-hours per normal working day. */
  normalCapacityPerWorkingDay: number;
}

export interface SimulationResult {
  scenario: ScenarioSummary;
  policies: Partial<Record<PolicyName, PolicyMetrics>>;
}

export interface SimulateOptions {
  policies: readonly PolicyName[];
  dispatch?: DispatchParams;
  /** Called with the policy name and the fraction done (0–1). */
  onProgress?: (policy: PolicyName, fraction: number) => void;
}

export function summarizeScenario(model: SimModel): ScenarioSummary {
  const p = model.params;
  return {
    ...p,
    channelsDown: [...p.channelsDown],
    mix: { ...p.mix },
    phases: model.phases,
    itemsTotal: model.stream.n,
    crisisCallsAnswered: model.timeline.crisisCallsAnswered,
    normalCapacityPerWorkingDay: Math.round(p.staff * p.productiveShare * p.hoursPerDay),
  };
}

export function simulate(params: ScenarioParams, options: SimulateOptions): SimulationResult {
  const model = buildModel(params);
  const dp = options.dispatch ?? DEFAULT_DISPATCH_PARAMS;
  const policies: Partial<Record<PolicyName, PolicyMetrics>> = {};
  for (const policy of options.policies) {
    const progress: ProgressFn | undefined = options.onProgress
      ? (f) => options.onProgress!(policy, f)
      : undefined;
    const run = runPolicy(model, policy, dp, progress);
    policies[policy] = computeMetrics(model, run, dp);
  }
  return { scenario: summarizeScenario(model), policies };
}
