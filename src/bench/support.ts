/** Shared helpers for benchmarks: a throw-away PostgreSQL database and percentiles. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';

export const BENCH_PG_URL =
  process.env.VORRANG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vorrang_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(BENCH_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: BENCH_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * CPU milliseconds used so far by the PostgreSQL backends serving a database, read from /proc (Linux,
 * server on this machine). Null where that cannot be read. Backends that exit are not counted, so take
 * the difference of two readings while a pool keeps its connections open.
 */
export async function postgresCpuMs(url: string): Promise<number | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    let ticks = 0;
    for (const { pid } of rows) {
      const stat = await fs.promises.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      if (stat === null) return null;
      // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } finally {
    await c.end();
  }
}

/** USER_HZ: 100 on every Linux platform Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
