/**
 * Worker thread of the preparation pool: checks, triages and times batches of records with the default
 * triage, so the main thread is free to parse and write to the database. The triage model is loaded as
 * soon as the worker starts (not with the first batch), and the worker says when it is ready.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultTriage } from '../../triage/default.js';
import { KeywordTriage } from '../../triage/keyword-triage.js';
import type { Triage } from '../../triage/triage.js';
import type { RawRecord } from './parse.js';
import type { PrepareContext } from './pool.js';
import { encodeRows, prepareRows } from './rows.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

const triage: Promise<Triage> =
  (workerData as { triage?: string } | null)?.triage === 'keyword'
    ? Promise.resolve(new KeywordTriage())
    : defaultTriage();
triage.then(
  (t) => parentPort?.postMessage({ ready: true, version: t.version }),
  (err: unknown) => parentPort?.postMessage({ ready: false, error: message(err) }),
);

parentPort?.on('message', (msg: { id: number; records: RawRecord[]; ctx: PrepareContext }) => {
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
      parentPort!.postMessage({ id: msg.id, error: message(err) });
    });
});
