import { beforeAll, describe, expect, it } from 'vitest';
import { countConcerns } from '../../src/concerns/concerns.repository.js';
import { withTenant } from '../../src/db/database.js';
import type { Tenant } from '../../src/tenants/tenants.repository.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { createStaff, createTenant, loginCookie, ScriptedTriage } from '../support/factories.js';
import { useTestApp } from '../support/harness.js';

const env = useTestApp(new ScriptedTriage(new KeywordTriage()));
let tenant: Tenant;

const valid = {
  channel: 'web',
  sender: { kind: 'insured', kvnr: 'A123456780' },
  subject: 'Krankengeld fehlt',
  text: 'Seit drei Wochen ist kein Krankengeld gekommen, ich kann die Miete nicht zahlen.',
};

beforeAll(async () => {
  tenant = await createTenant(env.db, { slug: 'intake-kasse' });
});

const count = () => withTenant(env.db, tenant.id, (trx) => countConcerns(trx));
const post = (payload: unknown, headers: Record<string, string> = {}) =>
  env.app.inject({
    method: 'POST',
    url: `/api/v1/tenants/${tenant.slug}/concerns`,
    payload: payload as object,
    headers,
  });

describe('POST /api/v1/tenants/{tenant}/concerns', () => {
  it('answers 201 with a checkable reference and the receipt time, and writes an audit event', async () => {
    const res = await post(valid);
    expect(res.statusCode).toBe(201);
    const body = res.json<{ reference: string; receivedAt: string }>();
    expect(body.reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    expect(Math.abs(Date.parse(body.receivedAt) - Date.now())).toBeLessThan(60_000);
    const events = await withTenant(env.db, tenant.id, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'actor_label'])
        .where('action', '=', 'concern.created')
        .execute(),
    );
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it('gives the same concern for the same Idempotency-Key, never two', async () => {
    const before = await count();
    const key = 'retry-key-0001';
    const a = await post(valid, { 'idempotency-key': key });
    const b = await post(valid, { 'idempotency-key': key });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json()).toEqual(a.json());
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(await count()).toBe(before + 1);
  });

  it('stores one concern when the same key arrives many times at once', async () => {
    const before = await count();
    const key = 'parallel-key-0001';
    const results = await Promise.all(
      Array.from({ length: 12 }, () => post(valid, { 'idempotency-key': key })),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(results.map((r) => r.json<{ reference: string }>().reference)).size).toBe(1);
    expect(await count()).toBe(before + 1);
  });

  it('refuses the same key with a different request', async () => {
    await post(valid, { 'idempotency-key': 'reuse-key-0001' });
    const res = await post({ ...valid, subject: 'etwas anderes' }, { 'idempotency-key': 'reuse-key-0001' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('names the bad identifier field in plain German', async () => {
    const res = await post({ ...valid, sender: { kind: 'insured', kvnr: 'A123456781', ik: '12' } });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ error: { fields: { field: string; message: string }[] } }>().error.fields;
    expect(fields.map((f) => f.field).sort()).toEqual(['sender.ik', 'sender.kvnr']);
    expect(fields.find((f) => f.field === 'sender.kvnr')?.message).toMatch(/Prüfziffer/);
  });

  it('lets only staff backdate the receipt time, and keeps the provenance', async () => {
    const receivedAt = '2026-04-27T09:15:00+02:00';
    const anon = await post({ ...valid, receivedAt, receivedAtNote: 'Brief aus dem Notbetrieb' });
    expect(anon.statusCode).toBe(403);
    const staff = await createStaff(env.db, tenant);
    const cookie = await loginCookie(env.app, staff.email);
    const res = await post(
      { ...valid, channel: 'letter', receivedAt, receivedAtNote: 'Brief aus dem Notbetrieb' },
      { cookie },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().receivedAt).toBe(new Date(receivedAt).toISOString());
    const detail = await env.app.inject({
      url: `/api/v1/concerns/${res.json().reference}`,
      headers: { cookie },
    });
    expect(detail.json()).toMatchObject({
      receivedAtSource: 'backdated',
      receivedAtNote: 'Brief aus dem Notbetrieb',
    });
    expect(detail.json().history[0]).toMatchObject({
      action: 'concern.created',
      reason: 'Brief aus dem Notbetrieb',
    });
  });

  const hostile: [string, () => Promise<{ statusCode: number; body: string }>][] = [
    [
      'malformed JSON',
      () =>
        env.app.inject({
          method: 'POST',
          url: `/api/v1/tenants/${tenant.slug}/concerns`,
          headers: { 'content-type': 'application/json' },
          payload: '{"sender": ',
        }),
    ],
    [
      'prototype pollution',
      () =>
        env.app.inject({
          method: 'POST',
          url: `/api/v1/tenants/${tenant.slug}/concerns`,
          headers: { 'content-type': 'application/json' },
          payload: '{"__proto__":{"admin":true},"sender":{"kind":"insured"},"subject":"a","text":"b"}',
        }),
    ],
    ['oversized body', () => post({ ...valid, text: 'x'.repeat(300_000) })],
    ['text over the limit', () => post({ ...valid, text: 'x'.repeat(60_000) })],
    ['wrong types', () => post({ sender: { kind: 42 }, subject: [], text: null })],
    ['unknown field', () => post({ ...valid, isAdmin: true })],
    [
      'plain text body',
      () =>
        env.app.inject({
          method: 'POST',
          url: `/api/v1/tenants/${tenant.slug}/concerns`,
          headers: { 'content-type': 'text/plain' },
          payload: 'hallo',
        }),
    ],
    [
      'binary body',
      () =>
        env.app.inject({
          method: 'POST',
          url: `/api/v1/tenants/${tenant.slug}/concerns`,
          headers: { 'content-type': 'application/octet-stream' },
          payload: Buffer.from([0, 159, 146, 150]),
        }),
    ],
    [
      'unknown Kasse',
      () => env.app.inject({ method: 'POST', url: '/api/v1/tenants/gibt-es-nicht/concerns', payload: valid }),
    ],
    [
      'hostile slug',
      () =>
        env.app.inject({
          method: 'POST',
          url: "/api/v1/tenants/'%3B%20drop%20table%20concerns--/concerns",
          payload: valid,
        }),
    ],
    ['bad idempotency key', () => post(valid, { 'idempotency-key': 'kurz' })],
    [
      'future receipt time',
      () => post({ ...valid, receivedAt: '2099-01-01T00:00:00Z', receivedAtNote: 'Zukunft' }),
    ],
  ];
  it.each(hostile)('answers %s with a 4xx JSON error and stores nothing', async (_name, send) => {
    const before = await count();
    const res = await send();
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^[A-Z_]+$/);
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(await count()).toBe(before);
  });
});

describe('public form', () => {
  it('works without JavaScript and acknowledges with the reference and a phishing warning', async () => {
    const form = await env.app.inject({ url: `/k/${tenant.slug}/anliegen` });
    expect(form.statusCode).toBe(200);
    const token = /name="token" value="([0-9a-f-]{36})"/.exec(form.body)?.[1];
    expect(token).toBeDefined();
    const payload = new URLSearchParams({
      token: token!,
      kind: 'relative',
      subject: 'Pflegebett',
      text: 'Mein Vater kommt morgen aus der Klinik.',
    }).toString();
    const send = () =>
      env.app.inject({
        method: 'POST',
        url: `/k/${tenant.slug}/anliegen`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    const before = await count();
    const first = await send();
    expect(first.statusCode).toBe(200);
    const ref = /class="reference"[^>]*>([0-9A-Z-]+)</.exec(first.body)?.[1];
    expect(ref).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    expect(first.body).toMatch(/niemals per E-Mail, SMS oder Telefon/);
    // Pressing "send" again (or reloading) files nothing new.
    const again = await send();
    expect(/class="reference"[^>]*>([0-9A-Z-]+)</.exec(again.body)?.[1]).toBe(ref);
    expect(await count()).toBe(before + 1);
  });

  it('re-renders with an error summary and keeps what was typed', async () => {
    const payload = new URLSearchParams({
      kind: 'insured',
      subject: '',
      text: 'Mein Text <b>bleibt</b>',
      kvnr: 'Z999',
      betriebsnummer: '123',
    }).toString();
    const res = await env.app.inject({
      method: 'POST',
      url: `/k/${tenant.slug}/anliegen`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Bitte prüfen Sie Ihre Angaben/);
    expect(res.body).toMatch(/Bitte geben Sie einen Betreff ein/);
    // Every problem is reported at once, the identifier checks included.
    expect(res.body).toMatch(/Krankenversichertennummer besteht aus einem Buchstaben/);
    expect(res.body).toMatch(/Betriebsnummer hat genau acht Ziffern/);
    expect(res.body).toContain('Mein Text &lt;b&gt;bleibt&lt;/b&gt;');
    expect(res.body).not.toContain('<b>bleibt</b>');
  });

  it('answers an unknown Kasse with a German 404 page', async () => {
    const res = await env.app.inject({ url: '/k/unbekannt/anliegen' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('service endpoints', () => {
  it('serves health, readiness and an OpenAPI document with the contract paths', async () => {
    expect((await env.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await env.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, object>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/v1/tenants/{tenant}/concerns',
      '/api/v1/concerns/{reference}',
      '/api/v1/worklist',
      '/api/v1/auth/login',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const body = JSON.stringify(doc.paths['/api/v1/tenants/{tenant}/concerns']);
    expect(body).toContain('subject');
  });
});
