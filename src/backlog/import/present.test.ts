import { describe, expect, it } from 'vitest';
import type { ImportJob } from './import.repository.js';
import { presentJob } from './import.routes.js';
import { STALE_AFTER_SECONDS } from './import.service.js';

const started = new Date('2026-11-23T10:00:00Z');

function job(over: Partial<ImportJob>): ImportJob {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    tenantId: '00000000-0000-4000-8000-000000000002',
    source: 'altbestand',
    format: 'csv',
    fileName: 'alt.csv',
    fileSha256: null,
    status: 'running',
    totalRows: 2000,
    accepted: 1990,
    duplicates: 0,
    rejected: 10,
    lastRow: 2000,
    lastLine: 2001,
    lastByte: 90_000,
    bytesTotal: 1_000_000,
    csvHeader: null,
    error: null,
    startedAt: started,
    runStartedAt: started,
    runStartRow: 0,
    updatedAt: started,
    finishedAt: null,
    createdBy: null,
    createdByLabel: 'Lea Lead',
    ...over,
  };
}

const after = (seconds: number) => new Date(started.getTime() + seconds * 1000);

describe('presentJob', () => {
  it('marks a running job stalled only once its run went longer without a sign of life than a live one does', () => {
    expect(presentJob(job({}), after(STALE_AFTER_SECONDS - 1)).stalledSeconds).toBeNull();
    expect(presentJob(job({}), after(STALE_AFTER_SECONDS)).stalledSeconds).toBe(STALE_AFTER_SECONDS);
    expect(presentJob(job({}), after(300.4)).stalledSeconds).toBe(300);
    // A heartbeat a moment ago counts, however long the run has been going.
    expect(presentJob(job({ updatedAt: after(290) }), after(300)).stalledSeconds).toBeNull();
  });

  it('gives a stalled run the speed it had up to its last sign of life', () => {
    const stalled = job({ updatedAt: after(100) });
    expect(presentJob(stalled, after(1000)).rowsPerSecond).toBe(20);
    expect(presentJob(stalled, after(5000)).rowsPerSecond).toBe(20);
  });

  it('never marks a finished job stalled', () => {
    for (const status of ['done', 'failed'] as const) {
      expect(presentJob(job({ status, finishedAt: after(10) }), after(3600)).stalledSeconds).toBeNull();
    }
  });
});
