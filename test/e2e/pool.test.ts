/**
 * The import's preparation pool, from the build (worker threads run built JavaScript, so the unit tests
 * cannot start it): the workers load their triage as they start and say so, a worker with another triage
 * version is refused before any batch, and a batch prepared in the workers is what the same records give
 * when prepared in this thread.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as PoolModule from '../../src/backlog/import/pool.js';
import type * as ParseModule from '../../src/backlog/import/parse.js';
import type * as RowsModule from '../../src/backlog/import/rows.js';
import type * as DefaultTriageModule from '../../src/triage/default.js';
import { root } from './support.js';

const load = <T>(file: string): Promise<T> =>
  import(pathToFileURL(path.join(root, 'dist', file)).href) as Promise<T>;

const CSV = [
  'externalId;receivedAt;channel;senderKind;subject;text',
  'A-1;03.04.2023 09:15;email;insured;;Mein Krankengeld ist seit drei Wochen nicht gekommen, ich kann die Miete nicht zahlen.',
  'A-2;03.04.2023 10:00;letter;relative;Widerspruch;Ich lege Widerspruch gegen den Bescheid zur Pflegestufe meiner Mutter ein.',
  'A-3;31.02.2023 10:00;phone_note;insured;;Rückruf wegen Bonusprogramm erbeten.',
  'A-4;04.04.2023 08:30;chat;insured;;Meine Mutter wird übermorgen aus dem Krankenhaus entlassen und braucht ein Pflegebett.',
  'A-5;04.04.2023 11:45;email;employer;;Wir bitten um eine Bescheinigung für unseren Mitarbeiter, Betriebsnummer liegt bei.',
].join('\r\n');

describe('preparation pool (built)', () => {
  let pool: typeof PoolModule;
  let parse: typeof ParseModule;
  let rows: typeof RowsModule;
  let triageModule: typeof DefaultTriageModule;
  const started: PoolModule.PreparePool[] = [];

  beforeAll(async () => {
    if (process.env.VORRANG_E2E_SKIP_BUILD !== '1') {
      execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    }
    [pool, parse, rows, triageModule] = await Promise.all([
      load<typeof PoolModule>('backlog/import/pool.js'),
      load<typeof ParseModule>('backlog/import/parse.js'),
      load<typeof RowsModule>('backlog/import/rows.js'),
      load<typeof DefaultTriageModule>('triage/default.js'),
    ]);
  });

  afterAll(async () => {
    await Promise.all(started.map((p) => p.close()));
  });

  it('is ready once the workers have loaded the triage, and prepares as this thread does', async () => {
    const triage = await triageModule.defaultTriage();
    const p = pool.startPreparePool(2, 'default', triage.version);
    expect(p).toBeDefined();
    started.push(p!);
    await expect(p!.ready).resolves.toBeUndefined();

    const records: ParseModule.RawRecord[] = [];
    for await (const r of parse.readRecords(Readable.from([Buffer.from(CSV)]), { format: 'csv' }))
      records.push(r);
    expect(records).toHaveLength(5);
    const ctx = {
      tenant: {
        id: '00000000-0000-4000-8000-000000000001',
        slug: 'test',
        name: 'Test-Kasse',
        land: 'NW' as const,
      },
      source: 'altsystem',
      importId: '00000000-0000-4000-8000-000000000002',
      actor: { userId: null, label: 'Test' },
      now: new Date('2023-05-01T12:00:00Z'),
      pBarHours: 24,
    };
    const fromPool = await p!.prepare(records, ctx);
    const here = rows.encodeRows(rows.prepareRows(records, { ...ctx, triage }), {
      id: ctx.importId,
      source: ctx.source,
    });

    // Ids and references are drawn at random on each side; everything else must be the same.
    const comparable = (b: RowsModule.EncodedBatch) =>
      b.rows.map((r) => (r.ok ? { ...r, id: '', reference: '' } : r));
    expect(comparable(fromPool)).toEqual(comparable(here));
    expect(fromPool.rows.map((r) => r.ok)).toEqual([true, true, false, true, true]);
    expect(fromPool.after).toBe(here.after);
    expect(fromPool.reasons).toBe(here.reasons);
    // The concern columns past the id (the first) carry the triage, clocks and texts.
    expect(fromPool.concerns.slice(1)).toEqual(here.concerns.slice(1));
  });

  it('refuses workers whose triage version differs from the caller’s before any batch', async () => {
    const p = pool.startPreparePool(1, 'default', 'nicht-dieselbe-version');
    started.push(p!);
    await expect(p!.ready).rejects.toThrow(/differs from nicht-dieselbe-version/);
  });
});
