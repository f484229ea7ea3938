import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createImportJob,
  runImport,
  type ImportRunOptions,
} from '../../src/backlog/import/import.service.js';
import { countConcerns } from '../../src/concerns/concerns.repository.js';
import { withTenant } from '../../src/db/database.js';
import type { Tenant } from '../../src/tenants/tenants.repository.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { createStaff, createTenant, loginCookie } from '../support/factories.js';
import { useTestApp } from '../support/harness.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const triage = new KeywordTriage();

const env = useTestApp(triage);

async function* chunks(data: Buffer, from: number, size = 97): AsyncGenerator<Buffer> {
  for (let i = from; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
}

async function importBuffer(
  tenant: Tenant,
  data: Buffer,
  format: 'csv' | 'jsonl',
  opts: Partial<ImportRunOptions> & { source?: string } = {},
) {
  const job = await createImportJob(env.db, tenant, {
    source: opts.source ?? 'altbestand',
    format,
    fileName: null,
    fileSha256: null,
    bytesTotal: data.length,
    createdBy: null,
    createdByLabel: 'Test',
  });
  return runImport(env.db, tenant, job.id, (offset) => chunks(data, offset), { triage, ...opts });
}

const inTenant = <T>(tenant: Tenant, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(env.db, tenant.id, fn);
const concerns = (tenant: Tenant) => inTenant(tenant, (trx) => countConcerns(trx));
const addsUp = (j: { accepted: number; duplicates: number; rejected: number; totalRows: number }) =>
  expect(j.accepted + j.duplicates + j.rejected).toBe(j.totalRows);

describe('import into the database', () => {
  it('takes in CSV with ; and quoted line breaks, backdated to the original receipt, with an audit event', async () => {
    const tenant = await createTenant(env.db);
    const { job } = await importBuffer(tenant, fixture('altbestand.csv'), 'csv');
    expect(job).toMatchObject({ status: 'done', totalRows: 3, accepted: 3, duplicates: 0, rejected: 0 });
    expect(job.lastByte).toBe(fixture('altbestand.csv').length);
    const rows = await inTenant(tenant, (trx) =>
      trx
        .selectFrom('concerns')
        .select([
          'id',
          'body',
          'subject',
          'received_at',
          'received_at_source',
          'received_at_note',
          'kvnr',
          'sender_name',
          'deadlines',
          'channel',
        ])
        .orderBy('received_at')
        .execute(),
    );
    expect(rows).toHaveLength(3);
    const first = rows[0]!;
    expect(first.body).toBe(
      'Sehr geehrte Damen und Herren,\nseit drei Wochen ist kein Krankengeld gekommen; die Miete ist fällig.\nMit freundlichen Grüßen',
    );
    // Without a subject column the first line that is not a greeting becomes the subject.
    expect(first.subject).toBe('seit drei Wochen ist kein Krankengeld gekommen; die Miete ist fällig.');
    expect(first.received_at.toISOString()).toBe('2023-04-03T06:30:00.000Z'); // 08:30 Berlin summer time
    expect(first.received_at_source).toBe('backdated');
    expect(first.received_at_note).toBe('Aus Altbestand importiert (Quelle altbestand, Zeile 2)');
    expect(first.kvnr).toBe('A123456780');
    expect(rows[1]!.sender_name).toBe('Hans "Hansi" Muster');
    expect(rows[2]!.received_at_note).toBe('Aus Altbestand importiert (Quelle altbestand, Zeile 6)');
    // Legal clocks run from the original receipt, not from the import.
    const deadlines = first.deadlines as { dueAt: string }[];
    for (const d of deadlines) expect(Date.parse(d.dueAt)).toBeLessThan(Date.now());

    const events = await inTenant(tenant, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor_label', 'action', 'subject_id', 'after', 'reason'])
        .execute(),
    );
    expect(events).toHaveLength(3);
    const stored = await inTenant(
      tenant,
      async (trx) =>
        (
          await sql<{
            id: string;
            reference: string;
            channel: string;
            topic: string;
            priority_class: string;
            received_at: Date;
            triage_version: string;
            external_id: string;
            row_number: number;
          }>`select c.id, c.reference, c.channel, c.topic, c.priority_class, c.received_at, c.triage_version,
                i.external_id, i.row_number
              from concerns c join import_items i on i.concern_id = c.id`.execute(trx)
        ).rows,
    );
    for (const e of events) {
      expect(e.action).toBe('concern.imported');
      expect(e.actor_label).toContain(job.id);
      const c = stored.find((x) => x.id === e.subject_id)!;
      expect(e.after).toEqual({
        reference: c.reference,
        channel: c.channel,
        topic: c.topic,
        priorityClass: c.priority_class,
        receivedAt: c.received_at.toISOString(),
        receivedAtSource: 'backdated',
        triageVersion: c.triage_version,
        importId: job.id,
        source: 'altbestand',
        externalId: c.external_id,
        row: c.row_number,
        line: expect.any(Number) as number,
      });
      expect(e.reason).toMatch(/^Aus Altbestand importiert \(Quelle altbestand, Zeile \d+\)$/);
    }
    expect(new Set(events.map((e) => e.subject_id))).toEqual(new Set(rows.map((r) => r.id)));

    // Keys, events and queue rows each point at the concern of their own row (a batch is written by position).
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const e of events) {
      const line = (e.after as { line: number }).line;
      expect(byId.get(e.subject_id!)?.received_at_note).toBe(
        `Aus Altbestand importiert (Quelle altbestand, Zeile ${line})`,
      );
    }
    const textOf: Record<string, string> = {
      'ALT-1': 'Krankengeld',
      'ALT-2': 'Pflegebett',
      'ALT-3': 'Abrechnung',
    };
    expect(stored).toHaveLength(3);
    for (const i of stored) expect(byId.get(i.id)?.body).toContain(textOf[i.external_id]);
    const queue = await inTenant(tenant, (trx) =>
      trx
        .selectFrom('work_queue as q')
        .innerJoin('concerns as c', 'c.id', 'q.concern_id')
        .select([
          'q.topic as queued_topic',
          'c.topic',
          'q.priority_class as queued_class',
          'c.priority_class',
        ])
        .execute(),
    );
    expect(queue).toHaveLength(3);
    for (const q of queue) {
      expect(q.queued_topic).toBe(q.topic);
      expect(q.queued_class).toBe(q.priority_class);
    }
  });

  it('takes in JSON Lines, with German dates and date-only receipts', async () => {
    const tenant = await createTenant(env.db);
    const { job } = await importBuffer(tenant, fixture('altbestand.jsonl'), 'jsonl');
    expect(job).toMatchObject({ status: 'done', totalRows: 3, accepted: 3, rejected: 0 });
    const rows = await inTenant(tenant, (trx) =>
      trx
        .selectFrom('concerns')
        .select(['received_at', 'sender_kind', 'channel'])
        .orderBy('received_at')
        .execute(),
    );
    expect(rows.map((r) => r.received_at.toISOString())).toEqual([
      '2023-04-03T08:30:00.000Z',
      '2023-04-04T07:00:00.000Z',
      '2023-04-05T22:00:00.000Z',
    ]);
    expect(rows.map((r) => r.channel)).toEqual(['email', 'letter', 'letter']);
    expect(rows[1]!.sender_kind).toBe('employer');
  });

  it('stores text exactly as written: quotes, backslashes, braces, commas, "NULL", emoji and line breaks', async () => {
    const tenant = await createTenant(env.db);
    const texts = [
      'Pfad C:\\Belege\\"Rechnung".pdf, Betrag {12,50} €',
      'NULL',
      'Krankengeld fehlt 😟\nZeile zwei\\n bleibt \\n',
    ];
    const lines = texts.map((text, i) =>
      JSON.stringify({ externalId: `T-${i}`, receivedAt: '2023-04-03T08:30:00Z', text, senderName: 'NULL' }),
    );
    const { job } = await importBuffer(tenant, Buffer.from(lines.join('\n')), 'jsonl');
    expect(job).toMatchObject({ status: 'done', accepted: 3, rejected: 0 });
    const rows = await inTenant(tenant, (trx) =>
      trx.selectFrom('concerns').select(['body', 'sender_name', 'triage_reasons', 'deadlines']).execute(),
    );
    expect(rows.map((r) => r.body).sort()).toEqual([...texts].sort());
    for (const r of rows) {
      expect(r.sender_name).toBe('NULL');
      expect(Array.isArray(r.triage_reasons)).toBe(true);
      expect(Array.isArray(r.deadlines)).toBe(true);
    }
  });

  it('rejects bad rows with a plain reason each, keeps the good ones, and the counts add up', async () => {
    const tenant = await createTenant(env.db);
    const { job } = await importBuffer(tenant, fixture('fehler.csv'), 'csv', { batchSize: 4 });
    expect(job).toMatchObject({ status: 'done', totalRows: 9, accepted: 1, rejected: 8, duplicates: 0 });
    addsUp(job);
    const rejections = await inTenant(tenant, (trx) =>
      trx
        .selectFrom('import_rejections' as never)
        .select(['line_number', 'external_id', 'reason', 'raw'] as never[])
        .orderBy('row_number' as never)
        .execute(),
    );
    const reasons = (rejections as { line_number: number; external_id: string | null; reason: string }[]).map(
      (r) => [r.line_number, r.external_id, r.reason],
    );
    expect(reasons).toEqual([
      [3, null, expect.stringContaining('„externalId“ fehlt')],
      [4, 'F-date', expect.stringContaining('kein gültiges Datum')],
      [5, 'F-future', expect.stringContaining('in der Zukunft')],
      [6, 'F-kvnr', expect.stringMatching(/^KVNR: .*Prüfziffer/)],
      [7, 'F-ik', expect.stringMatching(/^IK: .*Prüfziffer/)],
      [8, 'F-channel', expect.stringContaining('Unbekannter Kanal „brieftaube“')],
      [9, null, expect.stringContaining('Anführungszeichen')],
      [10, 'F-text', expect.stringContaining('„text“ fehlt')],
    ]);
    expect(await concerns(tenant)).toBe(1);
  });

  it('rejects invalid JSON lines and texts over 50,000 characters', async () => {
    const tenant = await createTenant(env.db);
    const lines = [
      JSON.stringify({ externalId: 'L-1', receivedAt: '2023-01-02T10:00:00Z', text: 'x'.repeat(50_001) }),
      '{"externalId": "L-2", kaputt',
      JSON.stringify({ externalId: 'L-3', receivedAt: '2023-01-02T10:00:00Z', text: 'Bitte um Rückruf.' }),
    ];
    const { job } = await importBuffer(tenant, Buffer.from(lines.join('\n')), 'jsonl');
    expect(job).toMatchObject({ totalRows: 3, accepted: 1, rejected: 2 });
    const rejected = await inTenant(tenant, (trx) =>
      trx
        .selectFrom('import_rejections' as never)
        .select(['reason', 'raw'] as never[])
        .orderBy('row_number' as never)
        .execute(),
    );
    const list = rejected as { reason: string; raw: string }[];
    expect(list[0]!.reason).toContain('zu lang');
    expect(list[0]!.raw.length).toBeLessThan(2_100); // the raw line is kept, cut to a sane size
    expect(list[1]!.reason).toBe('Die Zeile ist kein gültiges JSON.');
  });

  it('is idempotent: a re-import of the same file counts every row as duplicate and inserts nothing', async () => {
    const tenant = await createTenant(env.db);
    const data = fixture('altbestand.csv');
    await importBuffer(tenant, data, 'csv');
    const again = await importBuffer(tenant, data, 'csv', { batchSize: 2 });
    expect(again.job).toMatchObject({
      status: 'done',
      totalRows: 3,
      accepted: 0,
      duplicates: 3,
      rejected: 0,
    });
    expect(await concerns(tenant)).toBe(3);
    // The same rows as JSON Lines are the same content: still duplicates.
    const asJsonl = Buffer.from(
      JSON.stringify({
        externalId: 'ALT-2',
        receivedAt: '2023-04-05T12:00:00Z',
        channel: 'phone_note',
        senderKind: 'relative',
        senderName: 'Hans "Hansi" Muster',
        subject: 'Entlassung',
        text: 'Meine Mutter wird morgen aus der Klinik entlassen und braucht ein Pflegebett.',
      }) +
        '\n' +
        JSON.stringify({
          externalId: 'ALT-3',
          receivedAt: '2023-04-11T14:45:00Z',
          text: 'Ganz anderer Inhalt.',
        }),
    );
    const mixed = await importBuffer(tenant, asJsonl, 'jsonl');
    expect(mixed.job).toMatchObject({ totalRows: 2, duplicates: 1, rejected: 1, accepted: 0 });
    // The same key from another source is another record.
    const other = await importBuffer(tenant, data, 'csv', { source: 'zweitsystem' });
    expect(other.job).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await concerns(tenant)).toBe(6);
  });

  it('counts a row repeated within one file once, as a duplicate', async () => {
    const tenant = await createTenant(env.db);
    const row = 'R-1;01.02.2023 10:00;Bitte um Rückruf.\n';
    const data = Buffer.from(`externalId;receivedAt;text\n${row}${row}R-1;01.02.2023 10:00;Anders.\n${row}`);
    const { job } = await importBuffer(tenant, data, 'csv', { batchSize: 2 });
    expect(job).toMatchObject({ totalRows: 4, accepted: 1, duplicates: 2, rejected: 1 });
    expect(await concerns(tenant)).toBe(1);
  });

  it('writes only the new rows of a batch that also holds known ones, each with its own audit event', async () => {
    const tenant = await createTenant(env.db);
    const line = (id: string, text: string) => `${id};01.02.2023 10:00;${text}\n`;
    const head = 'externalId;receivedAt;text\n';
    await importBuffer(
      tenant,
      Buffer.from(head + line('K-1', 'Erste Nachricht') + line('K-2', 'Zweite')),
      'csv',
    );
    const data = Buffer.from(
      head +
        line('K-1', 'Erste Nachricht') + // same content: duplicate
        line('K-3', 'Dritte, neu') +
        line('K-2', 'Zweite, geändert') + // other content: rejected
        line('K-4', 'Vierte, neu'),
    );
    const { job } = await importBuffer(tenant, data, 'csv');
    expect(job).toMatchObject({ totalRows: 4, accepted: 2, duplicates: 1, rejected: 1 });
    const written = await inTenant(
      tenant,
      async (trx) =>
        (
          await sql<{ id: string; reference: string; body: string; external_id: string; after: unknown }>`
            select c.id, c.reference, c.body, i.external_id, e.after
            from concerns c join import_items i on i.concern_id = c.id
              join audit_events e on e.subject_id = c.id and e.action = 'concern.imported'
            where i.import_id = ${job.id} order by i.external_id`.execute(trx)
        ).rows,
    );
    expect(written.map((w) => [w.external_id, w.body])).toEqual([
      ['K-3', 'Dritte, neu'],
      ['K-4', 'Vierte, neu'],
    ]);
    for (const w of written) {
      expect(w.after).toMatchObject({ externalId: w.external_id, reference: w.reference, importId: job.id });
    }
    const events = await inTenant(tenant, (trx) =>
      trx.selectFrom('audit_events').select('subject_id').where('action', '=', 'concern.imported').execute(),
    );
    expect(events).toHaveLength(4);
    expect(await concerns(tenant)).toBe(4);
  });

  it.each([1, 3])(
    'loses and duplicates nothing when an import crashes mid-way and is resumed (%i batches at a time)',
    async (concurrency) => {
      const tenant = await createTenant(env.db);
      const n = 23;
      let csv = 'externalId;receivedAt;text\n';
      for (let i = 1; i <= n; i++) {
        csv +=
          i % 5 === 0
            ? `C-${i};kein Datum;Zeile ${i}\n`
            : `C-${i};0${1 + (i % 9)}.03.2023 10:00;"Anliegen ${i}\nmit zweiter Zeile"\n`;
      }
      const data = Buffer.from(csv);
      const job = await createImportJob(env.db, tenant, {
        source: 'crash',
        format: 'csv',
        fileName: 'crash.csv',
        fileSha256: null,
        bytesTotal: data.length,
        createdBy: null,
        createdByLabel: 'Test',
      });
      const open = (offset: number) => chunks(data, offset, 61);
      // The third batch fails inside its transaction: it must leave no trace.
      await expect(
        runImport(env.db, tenant, job.id, open, {
          triage,
          batchSize: 4,
          concurrency,
          beforeCommit: ({ number }) => {
            if (number === 3) throw new Error('simulated crash');
          },
        }),
      ).rejects.toThrow('simulated crash');
      const [crashed] = await inTenant(tenant, (trx) =>
        trx
          .selectFrom('imports' as never)
          .selectAll()
          .where('id' as never, '=', job.id as never)
          .execute(),
      );
      const c = crashed as unknown as {
        status: string;
        total_rows: number;
        accepted: number;
        rejected: number;
        duplicates: number;
        last_row: number;
      };
      expect(c).toMatchObject({ status: 'failed', total_rows: 8, last_row: 8 });
      expect(c.accepted + c.rejected + c.duplicates).toBe(8);
      expect(await concerns(tenant)).toBe(c.accepted);

      // Ctrl-C after the next batch: stops cleanly after a commit.
      const abort = new AbortController();
      const second = await runImport(env.db, tenant, job.id, open, {
        triage,
        batchSize: 4,
        concurrency,
        signal: abort.signal,
        onProgress: () => abort.abort(),
      });
      expect(second.interrupted).toBe(true);
      // Batches already being written when the signal came still commit; nothing after them.
      if (concurrency === 1) expect(second.job.totalRows).toBe(12);
      expect(second.job.totalRows % 4).toBe(0);
      expect(second.job.totalRows).toBeGreaterThanOrEqual(12);
      expect(second.job.totalRows).toBeLessThan(n);
      addsUp(second.job);

      const resumed = await runImport(env.db, tenant, job.id, open, { triage, batchSize: 4, concurrency });
      expect(resumed.interrupted).toBe(false);
      expect(resumed.job).toMatchObject({
        status: 'done',
        totalRows: n,
        accepted: n - 4,
        rejected: 4,
        duplicates: 0,
      });
      addsUp(resumed.job);
      expect(await concerns(tenant)).toBe(n - 4);
      const bodies = await inTenant(tenant, (trx) => trx.selectFrom('concerns').select('body').execute());
      expect(new Set(bodies.map((b) => b.body)).size).toBe(n - 4);
      const events = await inTenant(tenant, (trx) =>
        trx
          .selectFrom('audit_events')
          .select('subject_id')
          .where('action', '=', 'concern.imported')
          .execute(),
      );
      expect(events).toHaveLength(n - 4);
      const rejectedRows = await inTenant(tenant, (trx) =>
        trx
          .selectFrom('import_rejections' as never)
          .select('row_number' as never)
          .execute(),
      );
      expect(
        (rejectedRows as { row_number: number }[]).map((r) => r.row_number).sort((a, b) => a - b),
      ).toEqual([5, 10, 15, 20]);
    },
  );
});

describe('import API', () => {
  let tenant: Tenant;
  let lead: string;
  let worker: string;

  beforeAll(async () => {
    tenant = await createTenant(env.db, { slug: 'import-api-kasse' });
    lead = await loginCookie(env.app, (await createStaff(env.db, tenant, { role: 'teamleitung' })).email);
    worker = await loginCookie(
      env.app,
      (await createStaff(env.db, tenant, { role: 'sachbearbeitung' })).email,
    );
  });

  const upload = (cookie: string | null, body: Buffer, contentType = 'text/csv', query = '') =>
    env.app.inject({
      method: 'POST',
      url: `/api/v1/imports${query}`,
      headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) },
      payload: body,
    });

  async function waitDone(id: string, cookie: string) {
    for (let i = 0; i < 200; i++) {
      const res = await env.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ status: string }>();
      if (body.status !== 'running') return res.json<Record<string, unknown>>();
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('import did not finish');
  }

  it('lets a team lead upload a CSV file, runs it in the background and reports progress and counts', async () => {
    const data = fixture('fehler.csv');
    // The browser names the file; only its last path segment is kept.
    const name = encodeURIComponent('C:\\Altdaten\\fehler.csv');
    const res = await upload(lead, data, 'text/csv; charset=utf-8', `?source=api-test&fileName=${name}`);
    expect(res.statusCode).toBe(202);
    const { id } = res.json<{ id: string }>();
    const status = await waitDone(id, lead);
    expect(status).toMatchObject({
      id,
      status: 'done',
      source: 'api-test',
      fileName: 'fehler.csv',
      totalRows: 9,
      processedRows: 9,
      accepted: 1,
      duplicates: 0,
      rejected: 8,
      bytesRead: data.length,
      bytesTotal: data.length,
      finishedAt: expect.any(String),
    });
    expect(typeof status.rowsPerSecond).toBe('number');

    const rej = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/rejections?limit=3`,
      headers: { cookie: lead },
    });
    expect(rej.statusCode).toBe(200);
    const list = rej.json<{ rejections: { line: number; reason: string }[] }>().rejections;
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ line: 3, reason: expect.stringContaining('externalId') });

    const recent = await env.app.inject({ method: 'GET', url: '/api/v1/imports', headers: { cookie: lead } });
    expect(recent.json<{ imports: { id: string }[] }>().imports.map((i) => i.id)).toContain(id);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/imports', '/api/v1/imports/{id}', '/api/v1/imports/{id}/rejections']),
    );
    expect(JSON.stringify(doc.paths['/api/v1/imports/{id}'])).toContain('rowsPerSecond');
  });

  it('accepts JSON Lines as application/x-ndjson', async () => {
    const res = await upload(lead, fixture('altbestand.jsonl'), 'application/x-ndjson');
    expect(res.statusCode).toBe(202);
    const status = await waitDone(res.json<{ id: string }>().id, lead);
    expect(status).toMatchObject({
      status: 'done',
      format: 'jsonl',
      fileName: null,
      accepted: 3,
      totalRows: 3,
    });
  });

  it('refuses case workers (403), anonymous callers (401) and other media types (415)', async () => {
    const data = fixture('altbestand.csv');
    expect((await upload(worker, data)).statusCode).toBe(403);
    expect((await upload(null, data)).statusCode).toBe(401);
    const list = await env.app.inject({ method: 'GET', url: '/api/v1/imports', headers: { cookie: worker } });
    expect(list.statusCode).toBe(403);
    expect((await upload(lead, data, 'application/pdf')).statusCode).toBe(415);
  });

  it('keeps imports apart: Kasse B sees neither the job nor its concerns', async () => {
    const other = await createTenant(env.db, { slug: 'import-andere-kasse' });
    const otherLead = await loginCookie(
      env.app,
      (await createStaff(env.db, other, { role: 'teamleitung' })).email,
    );
    const res = await upload(lead, fixture('altbestand.csv'), 'text/csv', '?source=isolation');
    const { id } = res.json<{ id: string }>();
    await waitDone(id, lead);
    const seen = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}`,
      headers: { cookie: otherLead },
    });
    expect(seen.statusCode).toBe(404);
    const rejections = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/rejections`,
      headers: { cookie: otherLead },
    });
    expect(rejections.statusCode).toBe(404);
    const list = await env.app.inject({
      method: 'GET',
      url: '/api/v1/imports',
      headers: { cookie: otherLead },
    });
    expect(list.json<{ imports: unknown[] }>().imports).toEqual([]);
    expect(await concerns(other)).toBe(0);
    // The same external ids in Kasse B are B's own records, not duplicates of A's.
    const own = await upload(otherLead, fixture('altbestand.csv'), 'text/csv', '?source=isolation');
    expect(await waitDone(own.json<{ id: string }>().id, otherLead)).toMatchObject({
      accepted: 3,
      duplicates: 0,
    });
    expect(await concerns(other)).toBe(3);
  });
});
