/** The progress display of `vorrang import`: a bar on a terminal, plain lines in a log. */
import type { ImportProgress } from './import.service.js';

const de = (n: number) => Math.round(n).toLocaleString('de-DE');

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** One line: bar (when width > 0), percentage by bytes, rows, rows per second, remaining time. */
export function progressLine(p: ImportProgress, barWidth: number): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.rowsThisRun / seconds : 0;
  const parts: string[] = [];
  if (p.bytesTotal) {
    const share = Math.min(1, p.bytesRead / p.bytesTotal);
    if (barWidth > 0) {
      const full = Math.round(share * barWidth);
      parts.push(`[${'#'.repeat(full)}${'-'.repeat(barWidth - full)}]`);
    }
    parts.push(`${(share * 100).toFixed(1).replace('.', ',')} %`);
  }
  parts.push(`${de(p.totalRows)} Zeilen`, `${de(rate)} Zeilen/s`);
  if (p.bytesTotal && p.bytesThisRun > 0 && seconds > 0) {
    const bytesPerSecond = p.bytesThisRun / seconds;
    parts.push(`noch ${formatDuration((p.bytesTotal - p.bytesRead) / bytesPerSecond)}`);
  }
  parts.push(`(${de(p.accepted)} übernommen, ${de(p.duplicates)} Duplikate, ${de(p.rejected)} abgelehnt)`);
  return parts.join('  ');
}

export class ProgressDisplay {
  private lastPlain = 0;
  private last: ImportProgress | null = null;

  constructor(
    private readonly out:
      NodeJS.WriteStream | { isTTY?: boolean; columns?: number; write(s: string): boolean },
    private readonly plainEveryMs = 5000,
  ) {}

  update(p: ImportProgress): void {
    this.last = p;
    if (this.out.isTTY) {
      const width = Math.max(10, Math.min(40, (this.out.columns ?? 100) - 90));
      this.out.write(`\r\x1b[2K${progressLine(p, width)}`);
    } else if (p.elapsedMs - this.lastPlain >= this.plainEveryMs) {
      this.lastPlain = p.elapsedMs;
      this.out.write(`${progressLine(p, 0)}\n`);
    }
  }

  /** Ends the bar line (or prints the final state in a log). */
  done(): void {
    if (!this.last) return;
    if (this.out.isTTY) this.out.write('\n');
    else this.out.write(`${progressLine(this.last, 0)}\n`);
  }
}
