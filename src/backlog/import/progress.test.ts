import { describe, expect, it } from 'vitest';
import type { ImportProgress } from './import.service.js';
import { formatDuration, ProgressDisplay, progressLine } from './progress.js';

const p = (over: Partial<ImportProgress> = {}): ImportProgress => ({
  totalRows: 25_000,
  accepted: 24_000,
  duplicates: 500,
  rejected: 500,
  bytesRead: 2_500_000,
  bytesTotal: 10_000_000,
  rowsThisRun: 20_000,
  bytesThisRun: 2_000_000,
  elapsedMs: 4_000,
  ...over,
});

describe('progress display', () => {
  it('shows bar, percentage by bytes, rows per second and the remaining time of this run', () => {
    const line = progressLine(p(), 10);
    expect(line).toContain('[###-------]');
    expect(line).toContain('25,0 %');
    expect(line).toContain('25.000 Zeilen');
    expect(line).toContain('5.000 Zeilen/s');
    // 7.5 MB left at 0.5 MB/s
    expect(line).toContain('noch 0:15');
    expect(line).toContain('(24.000 übernommen, 500 Duplikate, 500 abgelehnt)');
  });

  it('formats durations with hours when needed', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3 * 3600 + 61)).toBe('3:01:01');
    expect(formatDuration(Infinity)).toBe('–');
  });

  it('redraws one line on a terminal and writes plain lines at intervals otherwise', () => {
    const tty: string[] = [];
    const term = new ProgressDisplay({ isTTY: true, columns: 120, write: (s: string) => tty.push(s) > 0 });
    term.update(p());
    term.update(p({ elapsedMs: 4_100 }));
    term.done();
    expect(tty.filter((s) => s.startsWith('\r'))).toHaveLength(2);
    expect(tty.at(-1)).toBe('\n');

    const log: string[] = [];
    const plain = new ProgressDisplay({ isTTY: false, write: (s: string) => log.push(s) > 0 }, 5_000);
    for (const ms of [1_000, 5_500, 6_000, 11_000]) plain.update(p({ elapsedMs: ms }));
    plain.done();
    expect(log).toHaveLength(3); // 5.5 s, 11 s and the final line
    expect(log.every((l) => l.endsWith('\n') && !l.includes('\r') && !l.includes('['))).toBe(true);
  });
});
