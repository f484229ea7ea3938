/**
 * Benchmark of the Monte-Carlo clearance forecast: 10,000 runs for 10 work classes with a synthetic
 * 26-week history (Mon–Fri throughput, a few weekend arrivals). Timed cases: the default forecast with
 * burn-down bands, the forecast without bands, a what-if comparison (baseline + 3 scenarios) and a worst
 * case in which no class ever clears, so every run walks all 365 days for all 10 classes.
 */
import { seededRandom } from '../shared/random.js';
import {
  compareWhatIf,
  forecastClearance,
  type ForecastInput,
  type HistoryDay,
  type WhatIfScenario,
} from '../backlog/forecast.js';

const TODAY = '2025-03-07';
const DAY_MS = 86_400_000;

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function syntheticHistory(seed: number, done: [number, number], arrived: [number, number]): HistoryDay[] {
  const rand = seededRandom(seed);
  const between = ([lo, hi]: [number, number]) => lo + Math.floor(rand() * (hi - lo + 1));
  const today = Date.parse(`${TODAY}T00:00:00Z`);
  const out: HistoryDay[] = [];
  for (let i = 26 * 7; i >= 1; i--) {
    const ms = today - i * DAY_MS;
    const wd = new Date(ms).getUTCDay();
    const working = wd !== 0 && wd !== 6;
    out.push({
      date: new Date(ms).toISOString().slice(0, 10),
      done: working ? between(done) : 0,
      arrived: working ? between(arrived) : between([0, 2]),
    });
  }
  return out;
}

/** Ten classes clearing after roughly 3 weeks to 9 months; `growing` makes arrivals exceed throughput. */
export function syntheticInput(growing = false): ForecastInput {
  const workClasses = Array.from({ length: 10 }, (_, c) => {
    const done: [number, number] = [5 + c, 35 + 2 * c];
    const arrived: [number, number] = growing ? [25 + 2 * c, 45 + 2 * c] : [2 + c, 22 + c];
    return {
      key: `klasse_${c + 1}`,
      label: `Arbeitsklasse ${c + 1}`,
      backlog: 150 + 120 * c,
      history: syntheticHistory(100 + c, done, arrived),
    };
  });
  return { today: TODAY, workClasses, staff: { current: 40 } };
}

/** Median wall and CPU milliseconds of `repeats` calls after one warm-up call. */
function time(repeats: number, fn: () => unknown): { medianMs: number; minMs: number; medianCpuMs: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    medianMs: round(median(wall), 1),
    minMs: round(Math.min(...wall), 1),
    medianCpuMs: round(median(cpu), 1),
  };
}

export async function bench(ctx: {
  sharedDir: string;
  log: (line: string) => void;
}): Promise<Record<string, unknown>> {
  const input = syntheticInput();
  const runs = 10_000;
  const repeats = 5;

  const result = forecastClearance(input, { runs, seed: 1 });
  const withBands = time(repeats, () => forecastClearance(input, { runs, seed: 1 }));
  ctx.log(
    `forecast, 10 classes × ${runs} runs, with bands (${result.burndown.runsUsed} runs, ${result.burndown.dates.length} days): ` +
      `median ${withBands.medianMs} ms (CPU ${withBands.medianCpuMs} ms), min ${withBands.minMs} ms`,
  );
  const noBands = time(repeats, () => forecastClearance(input, { runs, seed: 1, burndownRuns: 0 }));
  ctx.log(`forecast without bands: median ${noBands.medianMs} ms (CPU ${noBands.medianCpuMs} ms)`);

  const scenarios: WhatIfScenario[] = [
    { name: '+8 VZÄ', whatIf: { extraStaff: 8 } },
    { name: 'Überstunden 10 %', whatIf: { overtimePercent: 10 } },
    { name: 'Bot lenkt 20 % um', whatIf: { deflectionPercent: 20 } },
  ];
  const comparison = compareWhatIf(input, scenarios, { runs, seed: 1 });
  const compare = time(3, () => compareWhatIf(input, scenarios, { runs, seed: 1 }));
  ctx.log(`compareWhatIf, baseline + ${scenarios.length} scenarios: median ${compare.medianMs} ms`);

  const worstInput = syntheticInput(true);
  const worst = forecastClearance(worstInput, { runs, seed: 1 });
  const worstCase = time(3, () => forecastClearance(worstInput, { runs, seed: 1 }));
  ctx.log(
    `worst case (no class clears, all 365 days walked, cleared share ${worst.overall.clearedShare}): ` +
      `median ${worstCase.medianMs} ms (CPU ${worstCase.medianCpuMs} ms)`,
  );

  // Sanity: simulated P50 against B₀ / (mean done − mean arrived), both in working days.
  const ratios = result.classes
    .filter((c) => c.sanity.analyticDays !== null && c.workingDays.p50 !== null)
    .map((c) => c.workingDays.p50! / c.sanity.analyticDays!);
  const sanity = {
    minRatio: round(Math.min(...ratios), 3),
    maxRatio: round(Math.max(...ratios), 3),
  };
  ctx.log(`P50 / analytic working days per class: ${sanity.minRatio}–${sanity.maxRatio}`);

  return {
    classes: input.workClasses.length,
    runs,
    historyDays: 26 * 7,
    horizonDays: result.horizonDays,
    overall: { backlog: result.overall.backlog, ...result.overall.days },
    withBands,
    withoutBands: noBands,
    compareWhatIf: {
      scenarios: scenarios.length,
      ...compare,
      savedP85Days: Object.fromEntries(comparison.scenarios.map((s) => [s.name, s.overall.savedDays.p85])),
    },
    worstCase,
    sanity,
  };
}
