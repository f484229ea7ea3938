/**
 * Worker thread of the preparation pool: checks, triages and times batches of records with the default
 * triage, so the main thread is free to parse and write to the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultTriage } from '../../triage/default.js';
import { KeywordTriage } from '../../triage/keyword-triage.js';
import type { Triage } from '../../triage/triage.js';
import type { RawRecord } from './parse.js';
import type { PrepareContext } from './pool.js';
import { encodeRows, prepareRows } from './rows.js';

let triage: Promise<Triage> | undefined;

parentPort?.on('message', (msg: { id: number; records: RawRecord[]; ctx: PrepareContext }) => {
  triage ??=
    (workerData as { triage?: string } | null)?.triage === 'keyword'
      ? Promise.resolve(new KeywordTriage())
      : defaultTriage();
  triage
    .then((t) => {
      const batch = encodeRows(prepareRows(msg.records, { ...msg.ctx, triage: t }), {
        id: msg.ctx.importId,
        source: msg.ctx.source,
      });
      // The caller still holds the raw records: not sending them back saves copying every row twice.
      for (const row of batch.rows) row.raw = '';
      parentPort!.postMessage({ id: msg.id, batch, version: t.version });
    })
    .catch((err: unknown) => {
      parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
    });
});
