import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../simulate.cli.js';
import { UsageError } from '../../shared/cli.js';
import { parseMix, parseSimulateArgs } from './args.js';
import { runPolicy } from './engine.js';
import { POLICIES, SCENARIOS, simulate, type ScenarioParams, type SimulationResult } from './index.js';
import { KIND_13_3A, buildModel } from './model.js';

const SMALL: ScenarioParams = { ...SCENARIOS['bitmarck-2023']!, insured: 20_000, staff: 30, seed: 7 };

function captureOutput(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  return { out: () => out, err: () => err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulate (20,000 insured)', () => {
  let result: SimulationResult;
  beforeAll(() => {
    result = simulate(SMALL, { policies: POLICIES });
  });

  it('reports every policy with the required figures', () => {
    expect(Object.keys(result.policies).sort()).toEqual([...POLICIES].sort());
    for (const m of Object.values(result.policies)) {
      for (const field of ['maxWaitHours', 'p95WaitHours'] as const) {
        expect(Object.keys(m[field]).sort()).toEqual(['P1', 'P2', 'P3', 'P4']);
        for (const v of Object.values(m[field])) expect(Number.isFinite(v) && v >= 0).toBe(true);
      }
      expect(Number.isInteger(m.missed13_3a)).toBe(true);
      expect(Number.isInteger(m.weeksOwed18c)).toBe(true);
      expect(m.cashDelayDaysP95).toBeGreaterThan(0);
      expect(m.p95WaitHours.P1).toBeLessThanOrEqual(m.maxWaitHours.P1);
      expect(m.missed13_3aUnavoidable).toBeLessThanOrEqual(m.missed13_3a);
    }
    expect(result.scenario.insured).toBe(20_000);
    expect(result.scenario.itemsTotal).toBeGreaterThan(20_000);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const again = simulate(SMALL, { policies: ['fifo', 'vorrang'] });
    const strip = (m: object) => ({ ...m, wallMs: 0 });
    expect(strip(again.policies.fifo!)).toEqual(strip(result.policies.fifo!));
    expect(strip(again.policies.vorrang!)).toEqual(strip(result.policies.vorrang!));
    const other = simulate({ ...SMALL, seed: 8 }, { policies: ['fifo'] });
    expect(other.scenario.itemsTotal).not.toBe(result.scenario.itemsTotal);
  });

  it('loses and duplicates nothing: every arrival is decided once or still open', () => {
    const model = buildModel(SMALL);
    for (const policy of POLICIES) {
      const r = runPolicy(model, policy);
      let done = 0;
      let beforeReady = 0;
      for (let i = 0; i < model.stream.n; i++) {
        const c = r.completedAt[i]!;
        if (Number.isNaN(c)) continue;
        done += 1;
        if (c < model.stream.readyAt[i]!) beforeReady += 1;
      }
      expect(done).toBe(r.completed);
      expect(beforeReady).toBe(0);
      expect(r.openByDay.at(-1)).toBe(model.stream.n - r.completed);
      const m = result.policies[policy]!;
      expect(m.completed + m.openAtEnd).toBe(m.itemsTotal);
      expect(m.itemsTotal).toBe(model.stream.n);
    }
    // Every item is released to the queues exactly once.
    const seen = new Uint8Array(model.stream.n);
    for (const i of model.stream.releaseOrder) seen[i]! += 1;
    expect(Math.max(...seen)).toBeLessThanOrEqual(1);
  });

  it('keeps the legal clock at receipt even when the channel was down', () => {
    const model = buildModel(SMALL);
    const s = model.stream;
    let hidden = 0;
    let seenEarly = 0;
    let shortClock = 0;
    let clocks = 0;
    for (let i = 0; i < s.n; i++) {
      if (s.visibleAt[i]! < s.arrival[i]!) seenEarly += 1;
      if (s.visibleAt[i]! > s.arrival[i]!) hidden += 1;
      if (s.kind[i] === KIND_13_3A) {
        clocks += 1;
        // Three weeks from the day of receipt, never less (the day of receipt is not counted).
        if (s.deadline[i]! - s.arrival[i]! < 20 * 24) shortClock += 1;
      }
    }
    expect(seenEarly).toBe(0);
    expect(shortClock).toBe(0);
    expect(hidden).toBeGreaterThan(0);
    expect(clocks).toBeGreaterThan(0);
  });

  it('vorrang misses no more §13 Abs. 3a deadlines than priority_age, thanks to interim notices', () => {
    const v = result.policies.vorrang!;
    const pa = result.policies.priority_age!;
    expect(v.missed13_3a).toBeLessThanOrEqual(pa.missed13_3a);
    expect(v.interimNoticesSent).toBeGreaterThan(0);
    expect(pa.interimNoticesSent).toBe(0);
  });

  it('fifo makes P1 wait longer than vorrang', () => {
    expect(result.policies.fifo!.p95WaitHours.P1).toBeGreaterThan(result.policies.vorrang!.p95WaitHours.P1);
  });

  it('vorrang bounds P4 waits below those of priority_age', () => {
    expect(result.policies.vorrang!.maxWaitHours.P4).toBeLessThan(
      result.policies.priority_age!.maxWaitHours.P4,
    );
  });
});

describe('flags', () => {
  it('parses values and defaults', () => {
    const o = parseSimulateArgs([
      '--insured',
      '20000',
      '--policies=fifo,vorrang',
      '--seed',
      '3',
      '--channels-down',
      'email',
    ]);
    expect(o.scenario.insured).toBe(20_000);
    expect(o.scenario.staff).toBe(30);
    expect(o.policies).toEqual(['fifo', 'vorrang']);
    expect(o.scenario.channelsDown).toEqual(['email']);
    expect(o.chart).toBe('simulation.svg');
    expect(parseSimulateArgs(['--json']).chart).toBeNull();
    expect(parseSimulateArgs(['--channels-down', 'none']).scenario.channelsDown).toEqual([]);
  });

  it('parses mix multipliers inline and from JSON', () => {
    expect(parseMix('krankengeld=1.5,P4=0.5')).toEqual({ krankengeld: 1.5, P4: 0.5 });
    expect(parseMix('mix.json', () => '{"pflegegeld": 2}')).toEqual({ pflegegeld: 2 });
  });

  it.each([
    [['--insured', 'many']],
    [['--insured', '0']],
    [['--policies', 'fifo,random']],
    [['--channels-down', 'pigeon']],
    [['--mix', 'krankengeld']],
    [['--mix', 'nosuchtopic=2']],
    [['--scenario', 'nope']],
    [['--seed']],
    [['--frobnicate']],
    [['--json=yes']],
  ])('rejects %j', (argv) => {
    expect(() => parseSimulateArgs(argv)).toThrow(UsageError);
  });

  it('exits with code 2 and a one-line message on a bad flag', async () => {
    const io = captureOutput();
    const code = await run(['--outage-days', 'x']);
    expect(code).toBe(2);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.err()).toContain('--outage-days');
    expect(io.out()).toBe('');
  });

  it('says the allowed range of a negative number', () => {
    expect(() => parseSimulateArgs(['--staff', '-5'])).toThrow(
      /--staff expects a whole number from 1 to \d+, got "-5"/,
    );
  });
});

describe('cli', () => {
  it('prints exactly one JSON object with --json', async () => {
    const io = captureOutput();
    const code = await run(['--json', '--insured', '20000', '--seed', '7']);
    expect(code).toBe(0);
    const parsed = JSON.parse(io.out()) as {
      scenario: Record<string, unknown>;
      policies: Record<string, unknown>;
    };
    expect(Object.keys(parsed).sort()).toEqual(['policies', 'scenario']);
    expect(Object.keys(parsed.policies).sort()).toEqual(['edd', 'fifo', 'priority_age', 'vorrang']);
    expect(parsed.scenario.insured).toBe(20_000);
    const v = parsed.policies.vorrang as Record<string, unknown>;
    for (const key of ['maxWaitHours', 'p95WaitHours', 'missed13_3a', 'weeksOwed18c', 'cashDelayDaysP95']) {
      expect(v).toHaveProperty(key);
    }
  });

  it('prints a German table and writes the SVG chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vorrang-sim-'));
    try {
      const io = captureOutput();
      const path = join(dir, 'chart.svg');
      const code = await run(['--insured', '20000', '--policies', 'fifo,vorrang', '--chart', path]);
      expect(code).toBe(0);
      expect(io.out()).toContain('Strategie');
      expect(io.out()).toContain('vorrang');
      expect(io.out()).toContain(path);
      const svg = readFileSync(path, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('Offener Bestand');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a chart path it cannot write before simulating', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vorrang-sim-'));
    try {
      for (const [path, reason] of [
        [join(dir, 'missing', 'chart.svg'), 'das Verzeichnis gibt es nicht'],
        [dir, 'ist ein Verzeichnis'],
      ] as const) {
        const io = captureOutput();
        const code = await run(['--insured', '20000', '--chart', path]);
        expect(code).toBe(2);
        // No table and no progress: the path was refused before the simulation ran.
        expect(io.out()).toBe('');
        expect(io.err().trim().split('\n')).toHaveLength(1);
        expect(io.err()).toContain(reason);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
