/** Shared helpers for benchmarks: a throw-away PostgreSQL database and percentiles. */
import fs from 'node:fs';
import pg from 'pg';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch.js';

export const BENCH_PG_URL =
  process.env.VORRANG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function scratchDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(BENCH_PG_URL, 'vorrang_bench');
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
 * CPU milliseconds used so far by the PostgreSQL backends serving a database, read from /proc (Linux, the
 * server on this machine, a superuser connection). Backends that have exited count through the
 * postmaster's total for its reaped children, so take the difference of two readings. Null where /proc
 * cannot be read.
 */
export async function postgresCpuMs(url: string): Promise<number | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const dataDir = (await c.query<{ data_directory: string }>('show data_directory')).rows[0]!
      .data_directory;
    const postmaster = Number(
      (await fs.promises.readFile(`${dataDir}/postmaster.pid`, 'utf8')).split('\n')[0],
    );
    let ticks = 0;
    for (const { pid } of rows) {
      const f = await procStat(pid);
      if (f) ticks += f.utime + f.stime;
    }
    const pm = await procStat(postmaster);
    if (!pm) return null;
    ticks += pm.cutime + pm.cstime;
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

/** USER_HZ: 100 on every Linux platform Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

async function procStat(
  pid: number,
): Promise<{ utime: number; stime: number; cutime: number; cstime: number } | null> {
  const stat = await fs.promises.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  // The fields after the command name (which may contain spaces); utime is the 14th field of the line.
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return { utime: f[11]!, stime: f[12]!, cutime: f[13]!, cstime: f[14]! };
}
