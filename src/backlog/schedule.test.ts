import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './schedule.cli.js';
import {
  ScheduleInputError,
  atcLogIndex,
  atcOrder,
  eddOrder,
  parseJobsDocument,
  scheduleWeightedTardiness,
  totalWeightedTardiness,
  wmddOrder,
  wsptOrder,
} from './schedule.js';
import type { JobId, WtJob } from './schedule.js';
import { parseWtInstances, parseWtOptima } from './wt-instances.js';

/** Deterministic test data generator (independent of the solver's own generator). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomJobs(n: number, seed: number, tf = 0.6, rdd = 0.6): WtJob[] {
  const r = lcg(seed);
  const pick = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const ps = Array.from({ length: n }, () => pick(1, 30));
  const total = ps.reduce((a, b) => a + b, 0);
  const lo = Math.max(0, Math.round(total * (1 - tf - rdd / 2)));
  const hi = Math.max(lo, Math.round(total * (1 - tf + rdd / 2)));
  return ps.map((p, j) => ({ id: `j${j}`, p, w: pick(0, 10), d: pick(lo, hi) }));
}

/** Reference objective written independently of the solver: explicit loop over completion times. */
function objective(jobs: readonly WtJob[], order: readonly JobId[]): number {
  let clock = 0;
  let sum = 0;
  for (const id of order) {
    const job = jobs.find((j) => j.id === id)!;
    clock += job.p;
    sum += job.w * Math.max(0, clock - job.d);
  }
  return sum;
}

function bruteForceOptimum(jobs: readonly WtJob[]): number {
  let best = Infinity;
  const used = new Array<boolean>(jobs.length).fill(false);
  const walk = (depth: number, clock: number, acc: number): void => {
    if (acc >= best) return;
    if (depth === jobs.length) {
      best = acc;
      return;
    }
    jobs.forEach((job, i) => {
      if (used[i]) return;
      used[i] = true;
      const done = clock + job.p;
      walk(depth + 1, done, acc + job.w * Math.max(0, done - job.d));
      used[i] = false;
    });
  };
  walk(0, 0, 0);
  return best;
}

function expectPermutation(jobs: readonly WtJob[], order: readonly JobId[]): void {
  expect(order).toHaveLength(jobs.length);
  expect(new Set(order).size).toBe(jobs.length);
  for (const job of jobs) expect(order).toContain(job.id);
}

describe('totalWeightedTardiness', () => {
  const jobs: WtJob[] = [
    { id: 'a', p: 3, w: 2, d: 2 },
    { id: 'b', p: 2, w: 1, d: 10 },
    { id: 'c', p: 4, w: 5, d: 5 },
  ];

  it('sums weighted lateness of the given order', () => {
    // a: C=3, late 1 → 2; b: C=5 on time; c: C=9, late 4 → 20.
    expect(totalWeightedTardiness(jobs, ['a', 'b', 'c'])).toBe(22);
    // c: C=4 on time; a: C=7, late 5 → 10; b: C=9 on time.
    expect(totalWeightedTardiness(jobs, ['c', 'a', 'b'])).toBe(10);
  });

  it('agrees with an independent computation on random orders', () => {
    const many = randomJobs(25, 11);
    const r = lcg(5);
    for (let t = 0; t < 20; t++) {
      const order = many.map((j) => j.id).sort(() => r() - 0.5);
      expect(totalWeightedTardiness(many, order)).toBe(objective(many, order));
    }
  });

  it('rejects orders that are not permutations of the jobs', () => {
    expect(() => totalWeightedTardiness(jobs, ['a', 'b'])).toThrow(RangeError);
    expect(() => totalWeightedTardiness(jobs, ['a', 'a', 'c'])).toThrow(/twice/);
    expect(() => totalWeightedTardiness(jobs, ['a', 'b', 'x'])).toThrow(/unknown/);
  });

  it('treats numeric and string ids as different ids', () => {
    const mixed: WtJob[] = [
      { id: 1, p: 1, w: 1, d: 0 },
      { id: '1', p: 1, w: 3, d: 0 },
    ];
    expect(totalWeightedTardiness(mixed, [1, '1'])).toBe(1 + 6);
    expect(totalWeightedTardiness(mixed, ['1', 1])).toBe(3 + 2);
  });
});

describe('dispatch rules', () => {
  it('ATC with a tiny look-ahead behaves like WSPT among late jobs and prefers urgent jobs', () => {
    const jobs: WtJob[] = [
      { id: 'slow', p: 10, w: 1, d: 0 },
      { id: 'fast', p: 1, w: 1, d: 0 },
      { id: 'heavy', p: 5, w: 10, d: 0 },
    ];
    expect(atcOrder(jobs, 0.01)).toEqual(['heavy', 'fast', 'slow']);
    expect(wsptOrder(jobs)).toEqual(['heavy', 'fast', 'slow']);
  });

  it('ATC index decreases with slack and is -Infinity for weight 0', () => {
    const job = { p: 2, w: 4, d: 20 };
    expect(atcLogIndex(job, 0, 2, 5)).toBeLessThan(atcLogIndex(job, 10, 2, 5));
    expect(atcLogIndex(job, 18, 2, 5)).toBeCloseTo(Math.log(2));
    expect(atcLogIndex({ p: 1, w: 0, d: 0 }, 0, 2, 5)).toBe(-Infinity);
  });

  it('EDD sorts by due date and every rule returns a permutation', () => {
    const jobs = randomJobs(30, 3);
    const edd = eddOrder(jobs);
    const dues = edd.map((id) => jobs.find((j) => j.id === id)!.d);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    for (const order of [edd, wsptOrder(jobs), wmddOrder(jobs), atcOrder(jobs, 2), atcOrder(jobs, 0.5)]) {
      expectPermutation(jobs, order);
    }
  });

  it('rejects a non-positive look-ahead', () => {
    expect(() => atcOrder(randomJobs(3, 1), 0)).toThrow(RangeError);
  });
});

describe('scheduleWeightedTardiness', () => {
  it('returns an empty order for no jobs', () => {
    expect(scheduleWeightedTardiness([])).toEqual({ order: [], totalWeightedTardiness: 0 });
  });

  it('schedules a single job', () => {
    expect(scheduleWeightedTardiness([{ id: 7, p: 5, w: 2, d: 3 }])).toEqual({
      order: [7],
      totalWeightedTardiness: 4,
    });
  });

  const cases: Array<[number, number, number, number]> = [];
  for (let seed = 1; seed <= 24; seed++) {
    const n = 4 + (seed % 5); // 4..8
    const tf = [0.2, 0.4, 0.6, 0.8, 1.0][seed % 5]!;
    const rdd = [0.2, 0.6, 1.0][seed % 3]!;
    cases.push([n, seed, tf, rdd]);
  }

  it.each(cases)('heuristic matches brute force (n=%i, seed=%i, tf=%f, rdd=%f)', (n, seed, tf, rdd) => {
    const jobs = randomJobs(n, seed * 7919, tf, rdd);
    const optimum = bruteForceOptimum(jobs);
    const heuristic = scheduleWeightedTardiness(jobs, { exactUpTo: 0 });
    expectPermutation(jobs, heuristic.order);
    expect(heuristic.totalWeightedTardiness).toBe(objective(jobs, heuristic.order));
    expect(heuristic.totalWeightedTardiness).toBe(optimum);
  });

  it.each(cases)('exact DP matches brute force (n=%i, seed=%i, tf=%f, rdd=%f)', (n, seed, tf, rdd) => {
    const jobs = randomJobs(n, seed * 104729 + 1, tf, rdd);
    const exact = scheduleWeightedTardiness(jobs, { exactUpTo: 20 });
    expect(exact.totalWeightedTardiness).toBe(bruteForceOptimum(jobs));
    expect(exact.totalWeightedTardiness).toBe(objective(jobs, exact.order));
  });

  it('heuristic and exact DP agree on 12-job instances', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const jobs = randomJobs(12, seed * 31, 0.6, 0.4);
      const exact = scheduleWeightedTardiness(jobs, { exactUpTo: 20 });
      const heuristic = scheduleWeightedTardiness(jobs, { exactUpTo: 0 });
      expect(heuristic.totalWeightedTardiness).toBe(exact.totalWeightedTardiness);
    }
  });

  it('without kicks ends in a local optimum for interchange and insertion moves', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const jobs = randomJobs(35, seed * 13, [0.4, 0.6, 0.8][seed % 3]!, 0.4);
      const { order, totalWeightedTardiness: value } = scheduleWeightedTardiness(jobs, {
        exactUpTo: 0,
        iterations: 0,
      });
      for (let i = 0; i < order.length; i++) {
        for (let j = 0; j < order.length; j++) {
          if (i === j) continue;
          const swapped = [...order];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          expect(objective(jobs, swapped)).toBeGreaterThanOrEqual(value);
          const moved = [...order];
          const [job] = moved.splice(i, 1);
          moved.splice(j, 0, job!);
          expect(objective(jobs, moved)).toBeGreaterThanOrEqual(value);
        }
      }
    }
  });

  it('is never worse than ATC, EDD or WSPT on larger instances', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const jobs = randomJobs(60, seed, 0.6, 0.4);
      const result = scheduleWeightedTardiness(jobs, { iterations: 30 });
      expectPermutation(jobs, result.order);
      expect(result.totalWeightedTardiness).toBe(objective(jobs, result.order));
      for (const order of [atcOrder(jobs, 2), eddOrder(jobs), wsptOrder(jobs)]) {
        expect(result.totalWeightedTardiness).toBeLessThanOrEqual(totalWeightedTardiness(jobs, order));
      }
    }
  });

  it('puts weight-0 jobs where they cannot hurt and reaches 0 when all jobs fit', () => {
    const loose: WtJob[] = Array.from({ length: 30 }, (_, j) => ({ id: j, p: 2, w: 3, d: 100 + j }));
    expect(scheduleWeightedTardiness(loose).totalWeightedTardiness).toBe(0);
    const free: WtJob[] = Array.from({ length: 25 }, (_, j) => ({ id: j, p: 1 + (j % 4), w: 0, d: 0 }));
    expect(scheduleWeightedTardiness(free).totalWeightedTardiness).toBe(0);
  });

  it('is deterministic for the same input and options', () => {
    const jobs = randomJobs(45, 99, 0.8, 0.2);
    const first = scheduleWeightedTardiness(jobs, { iterations: 40 });
    const second = scheduleWeightedTardiness(jobs, { iterations: 40 });
    expect(second).toEqual(first);
    const reseeded = scheduleWeightedTardiness(jobs, { iterations: 40, seed: 12345 });
    expect(reseeded.totalWeightedTardiness).toBe(objective(jobs, reseeded.order));
  });

  it('does not depend on the input order beyond tie-breaking quality', () => {
    const jobs = randomJobs(10, 2024, 0.6, 0.6);
    const reversed = [...jobs].reverse();
    expect(scheduleWeightedTardiness(reversed).totalWeightedTardiness).toBe(
      scheduleWeightedTardiness(jobs).totalWeightedTardiness,
    );
  });

  it('validates jobs passed programmatically', () => {
    expect(() => scheduleWeightedTardiness([{ id: 'a', p: 0, w: 1, d: 1 }])).toThrow(ScheduleInputError);
    expect(() => scheduleWeightedTardiness(randomJobs(20, 1), { exactUpTo: 0, atcKs: [-1] })).toThrow(
      RangeError,
    );
  });
});

describe('parseJobsDocument', () => {
  it('accepts valid documents and keeps id types', () => {
    expect(
      parseJobsDocument({
        jobs: [
          { id: 1, p: 1, w: 0, d: 0, extra: 'x' },
          { id: 'b', p: 2, w: 3, d: 4 },
        ],
      }),
    ).toEqual([
      { id: 1, p: 1, w: 0, d: 0 },
      { id: 'b', p: 2, w: 3, d: 4 },
    ]);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['array root', [], /JSON object/],
    ['missing jobs', {}, /"jobs" array/],
    ['job not an object', { jobs: [3] }, /jobs\[0\] must be an object/],
    ['zero p', { jobs: [{ id: 1, p: 0, w: 1, d: 1 }] }, /jobs\[0\]\.p must be an integer > 0/],
    ['fractional p', { jobs: [{ id: 1, p: 1.5, w: 1, d: 1 }] }, /jobs\[0\]\.p/],
    ['string p', { jobs: [{ id: 1, p: '3', w: 1, d: 1 }] }, /jobs\[0\]\.p/],
    ['negative w', { jobs: [{ id: 1, p: 1, w: -1, d: 1 }] }, /jobs\[0\]\.w must be an integer >= 0/],
    ['missing d', { jobs: [{ id: 1, p: 1, w: 1 }] }, /jobs\[0\]\.d .*got nothing/],
    ['bad id', { jobs: [{ id: null, p: 1, w: 1, d: 1 }] }, /jobs\[0\]\.id/],
    ['empty id', { jobs: [{ id: '', p: 1, w: 1, d: 1 }] }, /jobs\[0\]\.id/],
    [
      'duplicate id',
      {
        jobs: [
          { id: 'x', p: 1, w: 1, d: 1 },
          { id: 'x', p: 1, w: 1, d: 1 },
        ],
      },
      /jobs\[1\]\.id "x" is a duplicate/,
    ],
    [
      'id beyond 2^53',
      { jobs: [{ id: 9007199254740993, p: 1, w: 1, d: 1 }] },
      /jobs\[0\]\.id 9007199254740992 is beyond 9007199254740991 .*send it as a string/,
    ],
    [
      'p beyond 2^53',
      { jobs: [{ id: 1, p: 1e16, w: 1, d: 1 }] },
      /jobs\[0\]\.p must be at most 9007199254740991/,
    ],
    [
      'totals that could not be exact',
      {
        jobs: [
          { id: 1, p: 1e13, w: 1000, d: 0 },
          { id: 2, p: 1e13, w: 1000, d: 0 },
        ],
      },
      /too large to compute exactly: .*\(2000 × 20000000000000\)/,
    ],
  ];
  it.each(bad)('rejects %s', (_name, doc, message) => {
    expect(() => parseJobsDocument(doc)).toThrow(message);
  });
});

describe('wt-instances parser', () => {
  it('splits processing times, weights and due dates per instance', () => {
    const text = ' 1 2\n 3 4\n 5 6\n  7 8 9\n10 11 12\n';
    const instances = parseWtInstances(text, 2);
    expect(instances).toHaveLength(2);
    expect(instances[1]!.jobs).toEqual([
      { id: 1, p: 7, w: 9, d: 11 },
      { id: 2, p: 8, w: 10, d: 12 },
    ]);
    expect(parseWtOptima('5\n 0\n17\n')).toEqual([5, 0, 17]);
    expect(() => parseWtInstances('1 2 3 4', 2)).toThrow(/multiple/);
    expect(() => parseWtOptima('1 x')).toThrow(/not an integer/);
  });
});

describe('schedule CLI', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vorrang-schedule-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function call(args: string[], stdinText = ''): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await run(args, {
      stdin: Readable.from([Buffer.from(stdinText)]),
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
    });
    return { code, out, err };
  }

  async function file(name: string, content: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  it('prints the order and objective as one JSON line', async () => {
    const jobs = [
      { id: 'a', p: 3, w: 2, d: 2 },
      { id: 2, p: 2, w: 1, d: 10 },
      { id: 'c', p: 4, w: 5, d: 5 },
    ];
    const path = await file('ok.json', JSON.stringify({ jobs }));
    const { code, out, err } = await call(['--input', path]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(out) as { order: JobId[]; totalWeightedTardiness: number };
    expect(parsed.totalWeightedTardiness).toBe(bruteForceOptimum(jobs));
    expect(parsed.totalWeightedTardiness).toBe(objective(jobs, parsed.order));
    expect(parsed.order).toContain(2); // number id stays a number
    expect(parsed.order).not.toContain('2');
  });

  it('reads standard input with --input - and accepts --input=path', async () => {
    const doc = JSON.stringify({ jobs: [{ id: 1, p: 2, w: 1, d: 0 }] });
    const viaStdin = await call(['--input', '-'], doc);
    expect(viaStdin.code).toBe(0);
    expect(JSON.parse(viaStdin.out)).toEqual({ order: [1], totalWeightedTardiness: 2 });
    const path = await file('eq.json', doc);
    const viaEq = await call([`--input=${path}`]);
    expect(viaEq.out).toBe(viaStdin.out);
  });

  it('accepts a file that starts with a byte order mark', async () => {
    const path = await file('bom.json', '\uFEFF{"jobs": [{"id": 1, "p": 2, "w": 1, "d": 0}]}');
    const { code, out, err } = await call(['--input', path]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ order: [1], totalWeightedTardiness: 2 });
  });

  it('accepts an empty job list', async () => {
    const path = await file('empty.json', '{"jobs": []}');
    const { code, out } = await call(['--input', path]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ order: [], totalWeightedTardiness: 0 });
  });

  it('prints usage for --help', async () => {
    const { code, out } = await call(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: vorrang schedule --input/);
  });

  const failures: Array<[string, string | null, string[] | null, RegExp]> = [
    ['missing file', null, ['--input', '/definitely/not/here.json'], /cannot read input .*no such file/],
    ['invalid JSON', '{"jobs": [', null, /not valid JSON/],
    ['negative p', '{"jobs":[{"id":1,"p":-3,"w":1,"d":0}]}', null, /jobs\[0\]\.p must be an integer > 0/],
    ['non-integer p', '{"jobs":[{"id":1,"p":2.5,"w":1,"d":0}]}', null, /jobs\[0\]\.p/],
    ['duplicate ids', '{"jobs":[{"id":1,"p":1,"w":1,"d":0},{"id":1,"p":1,"w":1,"d":0}]}', null, /duplicate/],
    ['no jobs key', '{"tasks": []}', null, /"jobs" array/],
    ['a byte order mark before invalid JSON', '\uFEFF{"jobs": [', null, /not valid JSON/],
    ['no --input', null, [], /missing --input/],
    ['unknown flag', null, ['--frobnicate'], /unknown argument/],
    ['bad seed', null, ['--input', '-', '--seed', 'x'], /--seed needs a non-negative integer/],
  ];
  it.each(failures)('fails cleanly on %s', async (name, content, args, message) => {
    const argv = args ?? ['--input', await file(`${name.replace(/\W/g, '_')}.json`, content ?? '')];
    const { code, out, err } = await call(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.startsWith('vorrang schedule: ')).toBe(true);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('gives the same output on repeated runs', async () => {
    const path = await file('det.json', JSON.stringify({ jobs: randomJobs(40, 77, 0.6, 0.2) }));
    const first = await call(['--input', path, '--iterations', '25']);
    const second = await call(['--input', path, '--iterations', '25']);
    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
  });
});

describe('wt-instances objects', () => {
  it('feed the scheduler', () => {
    const text = Array.from({ length: 3 * 16 }, (_, i) => String(1 + ((i * 37) % 23))).join(' ');
    const [instance] = parseWtInstances(text, 16);
    const result = scheduleWeightedTardiness(instance!.jobs, { exactUpTo: 0, iterations: 50 });
    const exact = scheduleWeightedTardiness(instance!.jobs, { exactUpTo: 16 });
    expect(result.totalWeightedTardiness).toBe(exact.totalWeightedTardiness);
  });
});
