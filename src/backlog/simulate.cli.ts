/** `vorrang simulate`: outage simulation comparing dispatch policies (see ./simulate/). */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../shared/cli.js';
import { USAGE, parseSimulateArgs } from './simulate/args.js';
import { renderChart } from './simulate/chart.js';
import { simulate, type PolicyMetrics, type PolicyName, type SimulationResult } from './simulate/index.js';

const POLICY_DE: Record<PolicyName, string> = {
  fifo: 'fifo',
  priority_age: 'priority_age',
  edd: 'edd',
  vorrang: 'vorrang',
};

function fmt(v: number | null, digits = 0): string {
  if (v === null) return '–';
  return v.toLocaleString('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTable(result: SimulationResult): string {
  const header = [
    'Strategie',
    'P95 Wartezeit P1/P2/P3/P4 (h)',
    'Max P4 (h)',
    '§13(3a) verpasst',
    'davon unvermeidbar',
    '§18c Wochen',
    'Geldleistung P95 (Tage)',
    'Zwischennachrichten',
    'Abgebaut an Tag',
  ];
  const rows: string[][] = [header];
  for (const [name, m] of Object.entries(result.policies) as [PolicyName, PolicyMetrics][]) {
    rows.push([
      POLICY_DE[name],
      `${fmt(m.p95WaitHours.P1)} / ${fmt(m.p95WaitHours.P2)} / ${fmt(m.p95WaitHours.P3)} / ${fmt(m.p95WaitHours.P4)}`,
      fmt(m.maxWaitHours.P4),
      fmt(m.missed13_3a),
      fmt(m.missed13_3aUnavoidable),
      fmt(m.weeksOwed18c),
      fmt(m.cashDelayDaysP95, 1),
      fmt(m.interimNoticesSent),
      fmt(m.clearedAtDay),
    ]);
  }
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const sc = result.scenario;
  const intro =
    `Szenario ${sc.name}: ${fmt(sc.insured)} Versicherte, ${fmt(sc.staff)} Beschäftigte, ${fmt(sc.outageDays)} Tage Ausfall, ` +
    `Kanäle aus: ${sc.channelsDown.join(', ') || 'keine'}, Seed ${sc.seed}, ${fmt(sc.itemsTotal)} Anliegen in ${fmt(sc.warmupDays + sc.horizonDays)} Tagen`;
  return [
    intro,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
  ].join('\n');
}

/** Why a chart cannot be written to `path`, or null when it can (checked before a long simulation). */
function chartPathProblem(path: string): string | null {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return 'ist ein Verzeichnis';
    accessSync(dirname(path), constants.W_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'das Verzeichnis gibt es nicht';
    if (code === 'EACCES' || code === 'EPERM') return 'keine Schreibberechtigung';
    return code ?? String(err);
  }
}

export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseSimulateArgs(args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vorrang simulate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const chartPath = opts.chart ? resolve(opts.chart) : null;
  const problem = chartPath && chartPathProblem(chartPath);
  if (problem) {
    process.stderr.write(
      `vorrang simulate: Diagramm kann nicht nach ${chartPath} geschrieben werden: ${problem}\n`,
    );
    return 2;
  }

  const tty = process.stderr.isTTY === true;
  let lastShown = -1;
  const started = performance.now();
  const progress = (policy: PolicyName, f: number): void => {
    const pct = Math.floor(f * 10) * 10;
    if (tty && pct !== lastShown) {
      lastShown = pct;
      process.stderr.write(`\rsimuliere ${policy.padEnd(12)} ${String(pct).padStart(3)} %`);
    }
    if (f >= 1) {
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`${tty ? '\r' : ''}simuliere ${policy.padEnd(12)} fertig (${secs} s)\n`);
      lastShown = -1;
    }
  };
  const result = simulate(opts.scenario, {
    policies: opts.policies,
    onProgress: opts.json ? undefined : progress,
  });

  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatTable(result));

  if (chartPath) {
    try {
      writeFileSync(chartPath, renderChart(result));
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      process.stderr.write(`vorrang simulate: Diagramm nicht geschrieben (${chartPath}): ${reason}\n`);
      return 1;
    }
    (opts.json ? process.stderr : process.stdout).write(`Diagramm geschrieben: ${chartPath}\n`);
  }
  return 0;
}
