/**
 * `vorrang import` end to end: the built command line against a scratch PostgreSQL database
 * (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres; skipped with a message when none
 * answers and not in CI), with real files. Two processes on one file: the second refuses and the first
 * finishes; after kill -9 the job is refused until its heartbeat is a minute old and then taken over; a
 * wrong --format does not stick to the file; file-level errors offer no resume; the help lists columns and
 * date formats; rows that are not UTF-8 or have the wrong number of fields are rejected with their id.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, withTenant, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch.js';
import type { Tenant } from '../../src/tenants/tenants.repository.js';
import { createTenant } from '../support/factories.js';
import { root } from './support.js';

const BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: BASE, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    if (process.env.CI) throw new Error(`PostgreSQL unter ${BASE} antwortet nicht.`);
    console.warn(`[import-cli] übersprungen: PostgreSQL unter ${BASE} antwortet nicht.`);
    return false;
  }
}
const havePostgres = await postgresAnswers();

interface Done {
  code: number | null;
  stderr: string;
}
function start(url: string, args: string[]): { child: ChildProcess; done: Promise<Done> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/vorrang.js'), 'import', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, VORRANG_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Done>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, done };
}

function bigCsv(n: number, prefix: string): string {
  const lines = ['externalId;receivedAt;channel;text'];
  for (let i = 1; i <= n; i++) {
    lines.push(
      `${prefix}-${i};0${1 + (i % 9)}.03.2023 10:00;letter;Sehr geehrte Damen und Herren, mein Krankengeld ` +
        `für den Monat März ist noch nicht gekommen, Vorgang ${i}. Bitte prüfen Sie das.`,
    );
  }
  return lines.join('\n') + '\n';
}

describe.skipIf(!havePostgres)('vorrang import (command line, PostgreSQL)', () => {
  let handle: DatabaseHandle;
  let url = '';
  let scratch: ScratchDatabase | undefined;
  let dir = '';
  let tenant: Tenant;
  const file = (name: string, content: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
  };
  const job = async (source: string) =>
    withTenant(handle.db, tenant.id, async (trx) => {
      const r = await sql<{
        id: string;
        status: string;
        total_rows: number;
        accepted: number;
        duplicates: number;
        format: string;
      }>`select id, status, total_rows, accepted, duplicates, format from imports where source = ${source}
          order by started_at desc`.execute(trx);
      return r.rows;
    });
  const waitForRows = async (source: string) => {
    for (let i = 0; i < 600; i++) {
      const [j] = await job(source);
      if (j && j.total_rows > 0) return j;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the import committed no rows');
  };

  beforeAll(async () => {
    if (process.env.VORRANG_E2E_SKIP_BUILD !== '1') {
      execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    }
    scratch = await createScratchDatabase(BASE, 'vorrang_cli');
    url = scratch.url;
    handle = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    await migrateToLatest(handle.db);
    tenant = await createTenant(handle.db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vorrang-import-cli-'));
  });

  afterAll(async () => {
    await handle?.close();
    await scratch?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the columns and the date formats in --help', async () => {
    const { code, stderr } = await start(url, ['--help']).done;
    expect(code).toBe(0);
    for (const word of ['externalId', 'receivedAt', 'text', 'senderKind', 'betriebsnummer', 'subject']) {
      expect(stderr).toContain(word);
    }
    expect(stderr).toContain('2023-04-03T08:30:00+02:00');
    expect(stderr).toContain('03.04.2023 08:30');
    expect(stderr).toContain('Berliner Ortszeit');
  });

  it('refuses a second start of a running import, and the first finishes', async () => {
    const n = 30_000;
    const f = file('gross.csv', bigCsv(n, 'P'));
    const args = ['--tenant', tenant.slug, '--file', f, '--source', 'parallel'];
    const first = start(url, args);
    await waitForRows('parallel');
    const second = await start(url, args).done;
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/läuft gerade in einem anderen Prozess/);
    expect(second.stderr).not.toContain('Fortsetzen mit');
    const a = await first.done;
    expect(a.stderr).toContain('Import abgeschlossen');
    expect(a.code).toBe(0);
    expect(await job('parallel')).toMatchObject([{ status: 'done', total_rows: n, accepted: n }]);
  });

  it('after kill -9 refuses to take over until the heartbeat is a minute old, then continues', async () => {
    const n = 30_000;
    const f = file('kill.csv', bigCsv(n, 'K'));
    const args = ['--tenant', tenant.slug, '--file', f, '--source', 'kill'];
    const first = start(url, args);
    await waitForRows('kill');
    first.child.kill('SIGKILL');
    await first.done;
    const [killed] = await job('kill');
    expect(killed!.status).toBe('running');
    expect(killed!.total_rows).toBeLessThan(n);

    const early = await start(url, args).done;
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/läuft gerade in einem anderen Prozess/);

    await withTenant(handle.db, tenant.id, (trx) =>
      sql`update imports set updated_at = now() - interval '2 minutes' where id = ${killed!.id}`.execute(trx),
    );
    const late = await start(url, args).done;
    expect(late.stderr).toContain('gilt als abgebrochen: er wird übernommen');
    expect(late.code).toBe(0);
    expect(await job('kill')).toMatchObject([{ id: killed!.id, status: 'done', total_rows: n, accepted: n }]);
  });

  it('does not keep a wrong --format: the next run with the right one starts afresh', async () => {
    const f = file(
      'k.jsonl',
      '{"externalId":"J-1","receivedAt":"2023-04-26","text":"Krankengeld fehlt"}\n' +
        '{"externalId":"J-2","receivedAt":"26.04.2023 09:00","text":"Pflegegeld fehlt"}\n',
    );
    const base = ['--tenant', tenant.slug, '--file', f, '--source', 'format'];
    const wrong = await start(url, [...base, '--format', 'csv']).done;
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Kopfzeile');
    expect(wrong.stderr).not.toContain('Fortsetzen mit');
    expect(wrong.stderr).not.toContain('--resume');
    const again = await start(url, [...base, '--format', 'jsonl']).done;
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('setze Import');
    const jobs = await job('format');
    expect(jobs.map((j) => [j.format, j.status, j.accepted])).toEqual([
      ['jsonl', 'done', 2],
      ['csv', 'failed', 0],
    ]);
  });

  it('offers no resume for a file-level error, and a second run does not continue the failed job', async () => {
    const f = file('ohne-text.csv', 'externalId;receivedAt;betreff\nA-1;2023-04-26;Krankengeld\n');
    const base = ['--tenant', tenant.slug, '--file', f, '--source', 'kopf'];
    for (let i = 0; i < 2; i++) {
      const r = await start(url, base).done;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Der Kopfzeile fehlen die Pflichtspalten „text“.');
      expect(r.stderr).not.toContain('Fortsetzen mit');
      expect(r.stderr).not.toContain('setze Import');
    }
  });

  it('rejects a Latin-1 row and a row with too many fields, naming their externalId', async () => {
    const f = file(
      'latin1.csv',
      Buffer.concat([
        Buffer.from('externalId;receivedAt;text\n'),
        Buffer.from('E1;2023-04-26;Krankengeld f\xfcr M\xe4rz fehlt\n', 'latin1'),
        Buffer.from('E2;2023-04-26;Krankengeld für April fehlt\n'),
        Buffer.from('E3;2023-04-26;eins;zwei\n'),
      ]),
    );
    const r = await start(url, ['--tenant', tenant.slug, '--file', f, '--source', 'latin1']).done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Zeile 2 (externalId E1): Der Text ist nicht in UTF-8 kodiert (Feld „text“)');
    expect(r.stderr).toContain('Zeile 4 (externalId E3): Die Zeile hat 4 statt 3 Felder.');
    expect(await job('latin1')).toMatchObject([{ status: 'done', total_rows: 3, accepted: 1 }]);
  });
});
