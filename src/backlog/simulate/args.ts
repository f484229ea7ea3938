/** Flag parsing for `vorrang simulate`. Every problem becomes a UsageError with a one-line message. */
import { readFileSync } from 'node:fs';
import { UsageError, wholeNumber } from '../../shared/cli.js';
import { TOPIC_SLUGS, isPriorityClass, isTopicSlug } from '../../shared/taxonomy.js';
import {
  CHANNELS,
  DEFAULT_SCENARIO,
  POLICIES,
  SCENARIOS,
  type Channel,
  type PolicyName,
  type ScenarioParams,
} from './scenario.js';

export interface SimulateCliOptions {
  scenario: ScenarioParams;
  policies: PolicyName[];
  json: boolean;
  /** Where to write the SVG chart; null for none. */
  chart: string | null;
  help: boolean;
}

export const USAGE = `vorrang simulate [options]

Simulate a Krankenkasse through an IT outage and compare dispatch policies on the same arrival stream.

Options:
  --scenario NAME        scenario preset (default ${DEFAULT_SCENARIO}; available: ${Object.keys(SCENARIOS).join(', ')})
  --insured N            number of insured (staff scales along unless --staff is given)
  --staff N              back-office staff head count
  --outage-days N        days until payment runs resume; all five phases scale with it (default 10)
  --channels-down LIST   channels down during the outage: ${CHANNELS.join(',')} or none
                         (default email,portal,phone)
  --mix SPEC             volume multipliers, e.g. krankengeld=1.5,P4=0.8, or a JSON file {"slug": factor}
  --seed N               seed of the arrival stream (deterministic)
  --horizon-days N       simulated days after the outage start (default 90)
  --policies LIST        subset of ${POLICIES.join(',')} (default all)
  --json                 print one JSON object on stdout, no table and no chart unless --chart is given
  --chart PATH           write the SVG chart here (default simulation.svg without --json)
  --help                 show this help
`;

const FLAGS_WITH_VALUE = new Set([
  '--scenario',
  '--insured',
  '--staff',
  '--outage-days',
  '--channels-down',
  '--mix',
  '--seed',
  '--horizon-days',
  '--policies',
  '--chart',
]);
const BOOLEAN_FLAGS = new Set(['--json', '--help', '-h']);

function parseList<T extends string>(
  flag: string,
  raw: string,
  allowed: readonly T[],
  allowNone: boolean,
): T[] {
  if (allowNone && raw.trim() === 'none') return [];
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new UsageError(`${flag} expects a comma-separated list`);
  const out: T[] = [];
  for (const p of parts) {
    if (!(allowed as readonly string[]).includes(p)) {
      throw new UsageError(`${flag}: unknown value "${p}" (allowed: ${allowed.join(', ')})`);
    }
    if (!out.includes(p as T)) out.push(p as T);
  }
  return out;
}

function checkMixEntry(key: string, value: unknown): number {
  if (!isTopicSlug(key) && !isPriorityClass(key)) {
    throw new UsageError(
      `--mix: unknown topic or class "${key}" (topics: ${TOPIC_SLUGS.slice(0, 3).join(', ')}, …; classes P1–P4)`,
    );
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new UsageError(`--mix: factor for ${key} must be a number between 0 and 100`);
  }
  return value;
}

export function parseMix(
  raw: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): Record<string, number> {
  const mix: Record<string, number> = {};
  const trimmed = raw.trim();
  if (trimmed.endsWith('.json') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed.startsWith('{') ? trimmed : readFile(trimmed));
    } catch (err) {
      throw new UsageError(
        `--mix: cannot read JSON from ${trimmed}: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new UsageError('--mix: the JSON must be an object of factors');
    }
    for (const [k, v] of Object.entries(data)) mix[k] = checkMixEntry(k, v);
    return mix;
  }
  for (const part of trimmed.split(',')) {
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--mix: expected name=factor, got "${part}"`);
    mix[m[1]!] = checkMixEntry(m[1]!, Number(m[2]));
  }
  return mix;
}

export function parseSimulateArgs(
  argv: readonly string[],
  readFile?: (path: string) => string,
): SimulateCliOptions {
  const values = new Map<string, string>();
  const bools = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOLEAN_FLAGS.has(name)) {
      if (name !== arg) throw new UsageError(`${name} takes no value`);
      bools.add(name === '-h' ? '--help' : name);
      continue;
    }
    if (!FLAGS_WITH_VALUE.has(name)) throw new UsageError(`unknown option "${arg}" (see --help)`);
    let value: string | undefined;
    if (name !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2))
        throw new UsageError(`${name} needs a value`);
      i += 1;
    }
    if (values.has(name)) throw new UsageError(`${name} given twice`);
    values.set(name, value);
  }

  const scenarioName = values.get('--scenario') ?? DEFAULT_SCENARIO;
  const preset = SCENARIOS[scenarioName];
  if (!preset)
    throw new UsageError(
      `unknown scenario "${scenarioName}" (available: ${Object.keys(SCENARIOS).join(', ')})`,
    );
  const scenario: ScenarioParams = {
    ...preset,
    channelsDown: [...preset.channelsDown],
    mix: { ...preset.mix },
  };

  const insured = values.get('--insured');
  if (insured !== undefined) {
    scenario.insured = wholeNumber('--insured', insured, 1, 50_000_000);
    // Keep the preset's staffing ratio unless the staff count is given explicitly.
    scenario.staff = Math.max(1, Math.round((preset.staff * scenario.insured) / preset.insured));
  }
  const staff = values.get('--staff');
  if (staff !== undefined) scenario.staff = wholeNumber('--staff', staff, 1, 1_000_000);
  const outage = values.get('--outage-days');
  if (outage !== undefined) scenario.outageDays = wholeNumber('--outage-days', outage, 1, 60);
  const horizon = values.get('--horizon-days');
  if (horizon !== undefined) scenario.horizonDays = wholeNumber('--horizon-days', horizon, 1, 365);
  const seed = values.get('--seed');
  if (seed !== undefined) scenario.seed = wholeNumber('--seed', seed, 0, 2 ** 32 - 1);
  const down = values.get('--channels-down');
  if (down !== undefined) scenario.channelsDown = parseList<Channel>('--channels-down', down, CHANNELS, true);
  const mix = values.get('--mix');
  if (mix !== undefined) scenario.mix = parseMix(mix, readFile);
  const policies = values.has('--policies')
    ? parseList<PolicyName>('--policies', values.get('--policies')!, POLICIES, false)
    : [...POLICIES];

  const json = bools.has('--json');
  const chartFlag = values.get('--chart');
  if (chartFlag !== undefined && chartFlag.trim() === '') throw new UsageError('--chart needs a file path');
  const chart = chartFlag ?? (json ? null : 'simulation.svg');
  return { scenario, policies, json, chart, help: bools.has('--help') };
}
