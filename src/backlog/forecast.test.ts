import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/random.js';
import {
  compareWhatIf,
  forecastClearance,
  NOTE_NO_DATA,
  type ForecastInput,
  type HistoryDay,
  type WorkClassInput,
} from './forecast.js';

const DAY = 86_400_000;

/** `weeks` weeks of history ending the day before `today`; `f` gets the weekday (0 = Sunday). */
function history(today: string, weeks: number, f: (weekday: number) => [number, number]): HistoryDay[] {
  const t = Date.parse(`${today}T00:00:00Z`);
  const out: HistoryDay[] = [];
  for (let i = weeks * 7; i >= 1; i--) {
    const ms = t - i * DAY;
    const [done, arrived] = f(new Date(ms).getUTCDay());
    out.push({ date: new Date(ms).toISOString().slice(0, 10), done, arrived });
  }
  return out;
}

const weekday = (wd: number) => wd !== 0 && wd !== 6;

/**
 * Constant throughput on Mon–Fri, nothing at weekends. Eight weeks before the dates used here contain no
 * public holiday (a holiday row would count as a non-working day with arrivals).
 */
function constant(today: string, done: number, arrived: number): HistoryDay[] {
  return history(today, 8, (wd) => (weekday(wd) ? [done, arrived] : [0, 0]));
}

/** Noisy history: throughput uniform in [lo, hi], arrivals uniform in [alo, ahi] on working days. */
function noisy(
  today: string,
  seed: number,
  [lo, hi]: [number, number],
  [alo, ahi]: [number, number],
  weekendArrivals = 0,
): HistoryDay[] {
  const rand = seededRandom(seed);
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  return history(today, 26, (wd) =>
    weekday(wd) ? [between(lo, hi), between(alo, ahi)] : [0, between(0, weekendArrivals)],
  );
}

const TODAY = '2025-03-07'; // a Friday

function mixedInput(): ForecastInput {
  const classes: WorkClassInput[] = [
    { key: 'P1', label: 'medizinisch dringend', backlog: 120, history: noisy(TODAY, 1, [5, 25], [3, 12]) },
    { key: 'P2', label: 'existenzsichernd', backlog: 400, history: noisy(TODAY, 2, [10, 40], [8, 20], 3) },
    { key: 'krankengeld', label: 'Krankengeld', backlog: 650, history: noisy(TODAY, 3, [15, 45], [10, 25]) },
  ];
  return { today: TODAY, workClasses: classes, staff: { current: 12 } };
}

describe('forecastClearance', () => {
  it('is deterministic for a seed and varies with the seed', () => {
    const a = forecastClearance(mixedInput(), { runs: 2000, seed: 42 });
    const b = forecastClearance(mixedInput(), { runs: 2000, seed: 42 });
    expect(b).toEqual(a);
    const c = forecastClearance(mixedInput(), { runs: 2000, seed: 43 });
    expect(c.burndown.total.p50).not.toEqual(a.burndown.total.p50);
  });

  it('reproduces the analytic answer for constant throughput, counted in working days', () => {
    const input: ForecastInput = {
      today: TODAY,
      workClasses: [{ key: 'P4', label: 'Standard', backlog: 100, history: constant(TODAY, 10, 0) }],
      staff: { current: 5 },
    };
    const r = forecastClearance(input, { runs: 1000, seed: 7 });
    const cls = r.classes[0]!;
    // Friday 7 March: working days 10.–14. and 17.–21. March, the tenth is Friday 21 March.
    expect(cls.p50).toBe('2025-03-21');
    expect(cls.p85).toBe('2025-03-21');
    expect(cls.p95).toBe('2025-03-21');
    expect(cls.workingDays).toEqual({ p50: 10, p85: 10, p95: 10 });
    expect(cls.days).toEqual({ p50: 14, p85: 14, p95: 14 });
    expect(cls.sanity.analyticDays).toBe(10);
    expect(cls.meanNetPerDay).toBe(10);
    expect(cls.clearedShare).toBe(1);
    expect(r.overall.p85).toBe('2025-03-21');
    expect(r.burndown.total.p50.slice(0, 5)).toEqual([100, 100, 100, 90, 80]); // Sat, Sun, then Mon, Tue
  });

  it('skips nationwide public holidays (Easter 2025, 1 May)', () => {
    const today = '2025-04-14';
    const input: ForecastInput = {
      today,
      workClasses: [{ key: 'P4', label: 'Standard', backlog: 100, history: constant(today, 10, 0) }],
      staff: { current: 5 },
    };
    const cls = forecastClearance(input, { runs: 1000 }).classes[0]!;
    // 15.–17.4. (3), Good Friday and Easter Monday off, 22.–25.4. (7), 28.–30.4. (10).
    expect(cls.p50).toBe('2025-04-30');
    expect(cls.workingDays.p50).toBe(10);
  });

  it('treats every day alike without workingDaysOnly', () => {
    const input: ForecastInput = {
      today: TODAY,
      workClasses: [
        { key: 'P4', label: 'Standard', backlog: 100, history: history(TODAY, 8, () => [10, 0]) },
      ],
      staff: { current: 5 },
      calendar: { workingDaysOnly: false },
    };
    const cls = forecastClearance(input, { runs: 1000 }).classes[0]!;
    expect(cls.p50).toBe('2025-03-17');
    expect(cls.workingDays.p50).toBe(10);
    expect(cls.sanity.analyticDays).toBe(10);
  });

  it('agrees with the analytic estimate on average for a noisy, large backlog', () => {
    const input: ForecastInput = {
      today: TODAY,
      workClasses: [
        { key: 'P3', label: 'fristgebunden', backlog: 3000, history: noisy(TODAY, 9, [20, 60], [10, 30], 4) },
      ],
      staff: { current: 10 },
    };
    const cls = forecastClearance(input, { runs: 2000, seed: 3 }).classes[0]!;
    expect(cls.sanity.analyticDays).not.toBeNull();
    expect(cls.workingDays.p50).not.toBeNull();
    const ratio = cls.workingDays.p50! / cls.sanity.analyticDays!;
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
  });

  it('never makes P85 later with more staff (common random numbers)', () => {
    const input = mixedInput();
    let previous = forecastClearance(input, { runs: 2000, seed: 11, burndownRuns: 0 });
    for (const extra of [0.5, 1, 2, 4, 8]) {
      const next = forecastClearance(input, {
        runs: 2000,
        seed: 11,
        burndownRuns: 0,
        whatIf: { extraStaff: extra },
      });
      for (const [i, cls] of next.classes.entries()) {
        const before = previous.classes[i]!;
        for (const p of ['p50', 'p85', 'p95'] as const) {
          expect(cls.days[p]!).toBeLessThanOrEqual(before.days[p]!);
        }
      }
      expect(next.overall.days.p85!).toBeLessThanOrEqual(previous.overall.days.p85!);
      previous = next;
    }
    const base = forecastClearance(input, { runs: 2000, seed: 11, burndownRuns: 0 });
    expect(previous.overall.days.p85!).toBeLessThan(base.overall.days.p85!);
  });

  it('counts extra staff only from extraStaffFrom', () => {
    const input = mixedInput();
    const opts = { runs: 2000, seed: 5, burndownRuns: 0 };
    const base = forecastClearance(input, opts).overall.days.p85!;
    const now = forecastClearance(input, { ...opts, whatIf: { extraStaff: 6 } }).overall.days.p85!;
    const later = forecastClearance(input, {
      ...opts,
      whatIf: { extraStaff: 6, extraStaffFrom: '2025-04-01' },
    }).overall.days.p85!;
    expect(now).toBeLessThan(later);
    expect(later).toBeLessThan(base);
  });

  it('reports null dates when throughput does not exceed arrivals', () => {
    const input: ForecastInput = {
      today: TODAY,
      workClasses: [
        { key: 'even', label: 'ausgeglichen', backlog: 50, history: constant(TODAY, 8, 8) },
        { key: 'grow', label: 'wachsend', backlog: 50, history: noisy(TODAY, 4, [2, 6], [6, 10]) },
      ],
      staff: { current: 3 },
    };
    const r = forecastClearance(input, { runs: 1000, horizonDays: 120 });
    for (const cls of r.classes) {
      expect([cls.p50, cls.p85, cls.p95]).toEqual([null, null, null]);
      expect(cls.clearedShare).toBe(0);
      expect(cls.sanity.analyticDays).toBeNull();
      expect(cls.note).toMatch(/nicht über dem Zugang/);
    }
    expect(r.overall.p50).toBeNull();
    expect(r.overall.clearedShare).toBe(0);
    expect(r.burndown.dates).toHaveLength(121);
  });

  it('brings weekend arrivals only when the history shows them', () => {
    const quiet = constant(TODAY, 10, 0);
    const busy = history(TODAY, 8, (wd) => (weekday(wd) ? [10, 0] : [0, 5]));
    const run = (h: HistoryDay[]) =>
      forecastClearance(
        {
          today: TODAY,
          workClasses: [{ key: 'x', label: 'x', backlog: 100, history: h }],
          staff: { current: 1 },
        },
        { runs: 500 },
      ).classes[0]!;
    const a = run(quiet);
    const b = run(busy);
    expect(a.workingDays.p50).toBe(10);
    // Each weekend brings 10: 110 on Mon 10.3., 60 + 10 after the first week, 20 + 10 after the second,
    // then three more working days: Wed 26.3., the 13th working day.
    expect(b.workingDays.p50).toBe(13);
    expect(b.p95).toBe('2025-03-26');
    expect(b.meanNetPerDay).toBeLessThan(a.meanNetPerDay);
    expect(b.historyDays.nonWorking).toBeGreaterThan(0);
  });

  it('finishes earlier with deflection', () => {
    const input = mixedInput();
    const opts = { runs: 2000, seed: 9, burndownRuns: 0 };
    const base = forecastClearance(input, opts);
    const bot = forecastClearance(input, { ...opts, whatIf: { deflectionPercent: 25 } });
    expect(bot.overall.days.p85!).toBeLessThan(base.overall.days.p85!);
    for (const [i, cls] of bot.classes.entries()) {
      expect(cls.days.p85!).toBeLessThanOrEqual(base.classes[i]!.days.p85!);
      expect(cls.meanNetPerDay).toBeGreaterThan(base.classes[i]!.meanNetPerDay);
    }
  });

  it('speeds up with overtime', () => {
    const input = mixedInput();
    const opts = { runs: 2000, seed: 9, burndownRuns: 0 };
    const base = forecastClearance(input, opts).overall.days.p50!;
    const ot = forecastClearance(input, { ...opts, whatIf: { overtimePercent: 20 } }).overall.days.p50!;
    expect(ot).toBeLessThan(base);
  });

  it('moves time from the donor to the receiver with permanent cross-training', () => {
    const input = mixedInput();
    const opts = { runs: 2000, seed: 13, burndownRuns: 0 };
    const base = forecastClearance(input, opts);
    const moved = forecastClearance(input, {
      ...opts,
      whatIf: { crossTrained: { from: 'P1', to: 'krankengeld', share: 0.3, mode: 'permanent' } },
    });
    const byKey = (r: typeof base, k: string) => r.classes.find((c) => c.key === k)!;
    expect(byKey(moved, 'P1').days.p85!).toBeGreaterThan(byKey(base, 'P1').days.p85!);
    expect(byKey(moved, 'krankengeld').days.p85!).toBeLessThan(byKey(base, 'krankengeld').days.p85!);
    expect(byKey(moved, 'P2').days).toEqual(byKey(base, 'P2').days);
  });

  it('moves freed capacity once the donor is cleared (default mode)', () => {
    const input = mixedInput();
    const opts = { runs: 2000, seed: 13, burndownRuns: 0 };
    const base = forecastClearance(input, opts);
    const moved = forecastClearance(input, {
      ...opts,
      whatIf: { crossTrained: { from: 'P1', to: 'krankengeld', share: 0.8 } },
    });
    const byKey = (r: typeof base, k: string) => r.classes.find((c) => c.key === k)!;
    expect(byKey(moved, 'P1').days).toEqual(byKey(base, 'P1').days);
    expect(byKey(moved, 'krankengeld').days.p85!).toBeLessThan(byKey(base, 'krankengeld').days.p85!);
  });

  it('keeps percentiles and bands ordered', () => {
    for (const seed of [1, 2, 3]) {
      const r = forecastClearance(mixedInput(), { runs: 1500, seed });
      for (const x of [...r.classes, r.overall]) {
        expect(x.days.p50!).toBeLessThanOrEqual(x.days.p85!);
        expect(x.days.p85!).toBeLessThanOrEqual(x.days.p95!);
        expect(x.p50! <= x.p85! && x.p85! <= x.p95!).toBe(true);
      }
      const maxClass = Math.max(...r.classes.map((c) => c.days.p50!));
      expect(r.overall.days.p50!).toBeGreaterThanOrEqual(maxClass);
      const { total, perClass, dates } = r.burndown;
      expect(total.p50).toHaveLength(dates.length);
      expect(total.p50[0]).toBe(120 + 400 + 650);
      for (let d = 0; d < dates.length; d++) {
        expect(total.p15[d]!).toBeLessThanOrEqual(total.p50[d]!);
        expect(total.p50[d]!).toBeLessThanOrEqual(total.p85[d]!);
      }
      expect(perClass.map((c) => c.key)).toEqual(['P1', 'P2', 'krankengeld']);
      expect(total.p85.at(-1)).toBe(0);
      expect(dates.length - 1).toBeGreaterThanOrEqual(Math.max(...r.classes.map((c) => c.days.p95!)));
    }
  });

  it('returns a German note and null dates without history', () => {
    const r = forecastClearance(
      {
        today: TODAY,
        workClasses: [{ key: 'P2', label: 'existenzsichernd', backlog: 30, history: [] }],
        staff: { current: 4 },
      },
      { runs: 1000 },
    );
    expect(r.note).toBe(NOTE_NO_DATA);
    expect(r.note).toMatch(/^Noch keine Durchsatzdaten/);
    const cls = r.classes[0]!;
    expect([cls.p50, cls.p85, cls.p95]).toEqual([null, null, null]);
    expect(cls.sanity.analyticDays).toBeNull();
    expect(cls.note).toMatch(/^Noch keine Durchsatzdaten/);
    expect(r.overall.p85).toBeNull();
  });

  it('forecasts classes with data even when another class has none', () => {
    const r = forecastClearance(
      {
        today: TODAY,
        workClasses: [
          { key: 'a', label: 'A', backlog: 100, history: constant(TODAY, 10, 0) },
          { key: 'b', label: 'B', backlog: 0, history: [] },
        ],
        staff: { current: 4 },
      },
      { runs: 1000 },
    );
    expect(r.note).toBeUndefined();
    expect(r.classes[0]!.p50).toBe('2025-03-21');
    expect(r.classes[1]!.p50).toBe(TODAY);
    expect(r.overall.p50).toBe('2025-03-21');
  });

  it('rejects invalid input', () => {
    const input = mixedInput();
    expect(() => forecastClearance({ ...input, today: '2025-02-30' })).toThrow(RangeError);
    expect(() => forecastClearance(input, { runs: 0 })).toThrow(RangeError);
    expect(() =>
      forecastClearance(input, {
        runs: 100,
        whatIf: { crossTrained: { from: 'P1', to: 'nope', share: 0.5 } },
      }),
    ).toThrow(/unknown work class/);
    expect(() => forecastClearance(input, { runs: 100, whatIf: { deflectionPercent: 120 } })).toThrow(
      RangeError,
    );
  });
});

describe('compareWhatIf', () => {
  it('reports days saved against the baseline with common random numbers', () => {
    const input = mixedInput();
    const opts = { runs: 2000, seed: 21 };
    const cmp = compareWhatIf(
      input,
      [
        { name: '+3 VZÄ', whatIf: { extraStaff: 3 } },
        { name: 'Bot', whatIf: { deflectionPercent: 20 } },
      ],
      opts,
    );
    expect(cmp.baseline.name).toBe('Ausgangslage');
    expect(cmp.baseline.overall.savedDays).toEqual({ p50: 0, p85: 0, p95: 0 });
    const direct = forecastClearance(input, { ...opts, whatIf: { extraStaff: 3 } });
    const staff = cmp.scenarios[0]!;
    expect(staff.overall.days).toEqual(direct.overall.days);
    expect(staff.overall.savedDays.p85).toBe(cmp.baseline.overall.days.p85! - direct.overall.days.p85!);
    expect(staff.overall.savedDays.p85!).toBeGreaterThan(0);
    for (const cls of staff.classes) expect(cls.savedDays.p85!).toBeGreaterThanOrEqual(0);
    expect(cmp.scenarios[1]!.overall.savedDays.p50!).toBeGreaterThan(0);
  });

  it('gives null savings when a scenario or the baseline does not clear', () => {
    const input: ForecastInput = {
      today: TODAY,
      workClasses: [{ key: 'g', label: 'G', backlog: 100, history: constant(TODAY, 8, 8) }],
      staff: { current: 4 },
    };
    const cmp = compareWhatIf(input, [{ name: '+4 VZÄ', whatIf: { extraStaff: 4 } }], { runs: 500 });
    expect(cmp.baseline.overall.p85).toBeNull();
    const s = cmp.scenarios[0]!;
    // Doubling the staff: 16 done, 8 arrived per working day → 100 / 8 = 12.5 → 13 working days.
    expect(s.classes[0]!.workingDays.p85).toBe(13);
    expect(s.classes[0]!.savedDays.p85).toBeNull();
  });
});
