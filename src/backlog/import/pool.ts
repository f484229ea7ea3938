/**
 * A worker_threads pool that prepares records (check, triage, clocks) in parallel. Triage is the CPU-heavy
 * part of an import; the pool splits each batch over the workers and returns the rows in input order.
 * Workers load their triage themselves (the default one, or the keyword baseline), so the pool is only for
 * callers that use the same.
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Actor } from '../../audit/audit.repository.js';
import type { Tenant } from '../../tenants/tenants.repository.js';
import type { Preparer } from './import.service.js';
import type { RawRecord } from './parse.js';
import { joinBatches, type EncodedBatch } from './rows.js';

export interface PrepareContext {
  tenant: Tenant;
  source: string;
  importId: string;
  actor: Actor;
  now: Date;
  pBarHours: number;
}

export interface PreparePool {
  prepare: Preparer;
  size: number;
  /**
   * Settles when every worker has loaded its triage (each starts loading at once): rejects when one
   * cannot. Batches sent earlier simply wait.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

type Reply =
  | { id: number; batch?: EncodedBatch; version?: string; error?: string }
  | { ready: boolean; version?: string; error?: string };

/**
 * A worker's young generation: V8 sizes it as three semi-spaces, so 192 MB gives semi-spaces of 64 MB,
 * four times Node 20's default (Node 24 grows to this size by itself on a machine with enough memory). A
 * batch's triage results stay alive until the batch is sent, so with the default each scavenge copies
 * them; with room for a whole batch, most objects die before one runs. Measured on Node 20 in
 * `npm run bench -- import`: about 13 % less CPU per row, for about 30 MB more peak memory.
 */
const YOUNG_GENERATION_MB = 192;

const WORKER_FILE = fileURLToPath(new URL('./prepare.worker.js', import.meta.url));

/**
 * Starts `size` workers (default: one per core). Returns undefined where workers cannot run this code,
 * i.e. from the TypeScript sources (tests): callers then prepare in their own thread.
 */
export function startPreparePool(
  size = os.availableParallelism(),
  triage: 'default' | 'keyword' = 'default',
  /** The triage version the caller uses; a worker that triages with another one fails the batch. */
  expectVersion?: string,
): PreparePool | undefined {
  if (size < 1 || !fs.existsSync(WORKER_FILE)) return undefined;
  const workers = Array.from(
    { length: size },
    () =>
      new Worker(WORKER_FILE, {
        workerData: { triage },
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      }),
  );
  const waiting = new Map<number, { resolve: (batch: EncodedBatch) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const ready = workers.map(
    (w) =>
      new Promise<void>((resolve, reject) => {
        w.on('message', (m: Reply) => {
          if (!('ready' in m)) return;
          if (!m.ready) reject(new Error(`worker could not load its triage: ${m.error ?? 'unknown'}`));
          else if (expectVersion && m.version !== expectVersion)
            reject(new Error(`worker triage ${m.version ?? '?'} differs from ${expectVersion}`));
          else resolve();
        });
        w.on('error', reject);
      }),
  );
  for (const w of workers) {
    w.on('message', (m: Reply) => {
      if ('ready' in m) return;
      const p = waiting.get(m.id);
      if (!p) return;
      waiting.delete(m.id);
      if (m.batch && expectVersion && m.version !== expectVersion) {
        p.reject(new Error(`worker triage ${m.version ?? '?'} differs from ${expectVersion}`));
      } else if (m.batch) p.resolve(m.batch);
      else p.reject(new Error(`preparation failed: ${m.error ?? 'unknown'}`));
    });
    w.on('error', (err) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
    });
  }
  const run = (w: Worker, records: RawRecord[], ctx: PrepareContext) =>
    new Promise<EncodedBatch>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      w.postMessage({ id, records, ctx });
    }).then((batch) => {
      // Workers leave out the raw text of each record (see prepare.worker): put it back.
      batch.rows.forEach((row, i) => (row.raw = records[i]!.raw));
      return batch;
    });
  const prepare: Preparer = async (records, ctx) => {
    const per = Math.ceil(records.length / workers.length);
    const parts = workers
      .map((w, i) => [w, records.slice(i * per, (i + 1) * per)] as const)
      .filter(([, part]) => part.length > 0)
      .map(([w, part]) => run(w, part, ctx));
    return joinBatches(await Promise.all(parts));
  };
  const allReady = Promise.all(ready).then(() => undefined);
  // A caller that never waits for readiness learns of a failure from its first batch instead.
  allReady.catch(() => undefined);
  return {
    prepare,
    size,
    ready: allReady,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
