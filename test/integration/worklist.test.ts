import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../src/tenants/tenants.repository.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { claimNext, transition, type WorkContext } from '../../src/worklist/worklist.service.js';
import { dialect } from '../support/db.js';
import {
  buildConcern,
  createStaff,
  createTeam,
  createTenant,
  loginCookie,
  ScriptedTriage,
} from '../support/factories.js';
import { useTestApp } from '../support/harness.js';

const triage = new ScriptedTriage(new KeywordTriage());
const DAY = 86_400_000;

const env = useTestApp(triage);

function ctx(tenant: Tenant, userId: string, over: Partial<WorkContext> = {}): WorkContext {
  return {
    tenant,
    userId,
    displayName: 'Test',
    teamId: null,
    mayActForOthers: false,
    leaseMinutes: 30,
    ...over,
  };
}

describe('work order', () => {
  it('puts a new P1 above older P4 items, the nearer legal deadline first, and lets old items age forward', async () => {
    const tenant = await createTenant(env.db);
    const lead = await createStaff(env.db, tenant, { role: 'teamleitung' });
    const oldP4 = await buildConcern(env.db, tenant, triage, {
      topic: 'diga',
      priorityClass: 'P4',
      receivedAt: new Date(Date.now() - 20 * DAY),
    });
    const p3late = await buildConcern(env.db, tenant, triage, {
      topic: 'leistungsantrag',
      priorityClass: 'P3',
      receivedAt: new Date(Date.now() - 2 * DAY),
    });
    const p3early = await buildConcern(env.db, tenant, triage, {
      topic: 'leistungsantrag',
      priorityClass: 'P3',
      receivedAt: new Date(Date.now() - 15 * DAY),
    });
    const freshP4 = await buildConcern(env.db, tenant, triage, { topic: 'diga', priorityClass: 'P4' });
    const newP1 = await buildConcern(env.db, tenant, triage, {
      topic: 'palliativ_sapv',
      priorityClass: 'P1',
    });
    const cookie = await loginCookie(env.app, lead.email);
    const res = await env.app.inject({ url: '/api/v1/worklist?limit=10', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { reference: string; priorityClass: string; topic: string }[] }>().items;
    const pos = (ref: string) => items.findIndex((i) => i.reference === ref);
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({ reference: newP1, priorityClass: 'P1', topic: 'palliativ_sapv' });
    expect(pos(p3early)).toBeLessThan(pos(p3late));
    expect(pos(p3late)).toBeLessThan(pos(freshP4));
    // The fairness guard: a P4 that has waited 20 days is served before a fresh one, and before P3 items
    // whose legal deadline is still days away.
    expect(pos(oldP4)).toBeLessThan(pos(freshP4));
    expect(pos(oldP4)).toBeLessThan(pos(p3early));
  });

  it('claims in work order, never hands out a held item, and requeues it when the lease expires', async () => {
    const tenant = await createTenant(env.db);
    const a = await createStaff(env.db, tenant);
    const b = await createStaff(env.db, tenant);
    const p2 = await buildConcern(env.db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    const p4 = await buildConcern(env.db, tenant, triage, { topic: 'diga', priorityClass: 'P4' });
    const first = await claimNext(env.db, ctx(tenant, a.id));
    expect(first?.reference).toBe(p2);
    const second = await claimNext(env.db, ctx(tenant, b.id));
    expect(second?.reference).toBe(p4);
    expect(await claimNext(env.db, ctx(tenant, b.id))).toBeUndefined();
    // An hour later a's 30-minute lease has run out: the item is back in the queue for b.
    const later = new Date(Date.now() + 3_600_000);
    const again = await claimNext(env.db, ctx(tenant, b.id), {}, later);
    expect(again?.reference).toBe(p2);
    await expect(transition(env.db, ctx(tenant, a.id), p2, 'complete')).rejects.toMatchObject({
      code: 'NOT_CLAIMED',
    });
    await transition(env.db, ctx(tenant, b.id), p2, 'complete');
    await expect(transition(env.db, ctx(tenant, b.id), p2, 'complete')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('routes by team skills: a worker gets their team’s items and unrouted ones only', async () => {
    const tenant = await createTenant(env.db);
    const cash = await createTeam(env.db, tenant, 'Geld', ['krankengeld']);
    await createTeam(env.db, tenant, 'Pflege', ['palliativ_sapv']);
    const worker = await createStaff(env.db, tenant, { teamId: cash });
    const palliative = await buildConcern(env.db, tenant, triage, {
      topic: 'palliativ_sapv',
      priorityClass: 'P1',
    });
    const kg = await buildConcern(env.db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    const unrouted = await buildConcern(env.db, tenant, triage, { topic: 'diga', priorityClass: 'P4' });
    const c = ctx(tenant, worker.id, { teamId: cash });
    expect((await claimNext(env.db, c))?.reference).toBe(kg);
    expect((await claimNext(env.db, c))?.reference).toBe(unrouted);
    expect(await claimNext(env.db, c)).toBeUndefined();
    expect(palliative).toBeTruthy();
  });

  it('releases, waits, resumes and forwards with history and reasons', async () => {
    const tenant = await createTenant(env.db);
    const w = await createStaff(env.db, tenant, { role: 'teamleitung' });
    const ref = await buildConcern(env.db, tenant, triage, { topic: 'uebergangsgeld', priorityClass: 'P2' });
    const cookie = await loginCookie(env.app, w.email);
    const step = (path: string, payload?: object) =>
      env.app.inject({
        method: 'POST',
        url: `/api/v1/concerns/${ref}/${path}`,
        headers: { cookie },
        ...(payload ? { payload } : {}),
      });
    expect((await step('claim')).statusCode).toBe(204);
    expect((await step('wait', { reason: 'Unterlagen angefordert' })).statusCode).toBe(204);
    expect((await step('complete')).statusCode).toBe(409);
    expect((await step('resume')).statusCode).toBe(204);
    expect(
      (await step('forward', { to: 'Deutsche Rentenversicherung', reason: 'Zuständig für Übergangsgeld' }))
        .statusCode,
    ).toBe(204);
    const detail = (
      await env.app.inject({ url: `/api/v1/concerns/${ref.toLowerCase()}`, headers: { cookie } })
    ).json();
    expect(detail.status).toBe('weitergeleitet');
    expect(detail.forwardedTo).toBe('Deutsche Rentenversicherung');
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual([
      'concern.created',
      'concern.claim',
      'concern.wait',
      'concern.resume',
      'concern.forward',
    ]);
    expect(detail.history[4].reason).toBe('Zuständig für Übergangsgeld');
  });

  it('never gives two concurrent workers the same item', async () => {
    const tenant = await createTenant(env.db);
    const n = 40;
    for (let i = 0; i < n; i++)
      await buildConcern(env.db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    const workers = await Promise.all(Array.from({ length: 10 }, () => createStaff(env.db, tenant)));
    // On PostgreSQL the workers are split across two independent pools, like two server processes.
    const other = dialect === 'postgres' ? (await env.database.openAnother()).db : env.db;
    const claims = await Promise.all(
      Array.from({ length: n + 10 }, (_, i) =>
        claimNext(i % 2 ? other : env.db, ctx(tenant, workers[i % workers.length]!.id)),
      ),
    );
    const got = claims.filter((c) => c !== undefined).map((c) => c.reference);
    expect(got).toHaveLength(n);
    expect(new Set(got).size).toBe(n);
  });
});

describe('reclassification and backdating', () => {
  it('needs a reason, records it, and recomputes the legal clocks', async () => {
    const tenant = await createTenant(env.db, { land: 'BY' });
    const w = await createStaff(env.db, tenant);
    const cookie = await loginCookie(env.app, w.email);
    const ref = await buildConcern(env.db, tenant, triage, { topic: 'diga', priorityClass: 'P4' });
    const url = `/api/v1/concerns/${ref}/classification`;
    const noReason = await env.app.inject({
      method: 'PATCH',
      url,
      headers: { cookie },
      payload: { topic: 'leistungsantrag' },
    });
    expect(noReason.statusCode).toBe(400);
    const ok = await env.app.inject({
      method: 'PATCH',
      url,
      headers: { cookie },
      payload: { topic: 'leistungsantrag', priorityClass: 'P3', reason: 'Es ist ein Antrag auf Zahnersatz' },
    });
    expect(ok.statusCode).toBe(204);
    const d = (await env.app.inject({ url: `/api/v1/concerns/${ref}`, headers: { cookie } })).json();
    expect(d).toMatchObject({ topic: 'leistungsantrag', priorityClass: 'P3', triageOverridden: true });
    expect(d.deadlines.map((x: { kind: string }) => x.kind)).toContain('sgb5_13_3a');
    const last = d.history.at(-1);
    expect(last).toMatchObject({
      action: 'concern.reclassified',
      reason: 'Es ist ein Antrag auf Zahnersatz',
    });
    expect(last.before).toEqual({ topic: 'diga', priorityClass: 'P4' });

    // A letter from Friday 28 March 2025 that was only recorded now: 3 weeks end on Karfreitag → Tue 22 April.
    const back = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/concerns/${ref}/received-at`,
      headers: { cookie },
      payload: { receivedAt: '2025-03-28T10:00:00+01:00', reason: 'Brief lag im Notbetrieb' },
    });
    expect(back.statusCode).toBe(204);
    const d2 = (await env.app.inject({ url: `/api/v1/concerns/${ref}`, headers: { cookie } })).json();
    expect(d2.receivedAtSource).toBe('backdated');
    expect(d2.deadlines.find((x: { kind: string }) => x.kind === 'sgb5_13_3a').dueDate).toBe('2025-04-22');
  });
});

describe('API details the staff app relies on', () => {
  it('says whether I hold an item, claims within a filter, and explains refusals in German', async () => {
    const tenant = await createTenant(env.db);
    const me = await createStaff(env.db, tenant, { name: 'Gleicher Name' });
    const other = await createStaff(env.db, tenant, { name: 'Gleicher Name' });
    await buildConcern(env.db, tenant, triage, { topic: 'palliativ_sapv', priorityClass: 'P1' });
    const p4 = await buildConcern(env.db, tenant, triage, { topic: 'diga', priorityClass: 'P4' });
    const cookie = await loginCookie(env.app, me.email);
    const claim = await env.app.inject({
      method: 'POST',
      url: '/api/v1/worklist/claim',
      headers: { cookie },
      payload: { priorityClass: 'P4' },
    });
    expect(claim.json().item).toMatchObject({ reference: p4, claimedByMe: true, claimedBy: 'Gleicher Name' });
    // Without a body (as the "next item" button sends it) the claim takes the top item, here the P1.
    const plain = await env.app.inject({
      method: 'POST',
      url: '/api/v1/worklist/claim',
      headers: { cookie },
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.json().item).toMatchObject({ priorityClass: 'P1', claimedByMe: true });
    const otherCookie = await loginCookie(env.app, other.email);
    const seen = (
      await env.app.inject({ url: `/api/v1/concerns/${p4}`, headers: { cookie: otherCookie } })
    ).json();
    expect(seen).toMatchObject({ claimedBy: 'Gleicher Name', claimedByMe: false });
    const resume = await env.app.inject({
      method: 'POST',
      url: `/api/v1/concerns/${p4}/resume`,
      headers: { cookie },
    });
    expect(resume.statusCode).toBe(409);
    expect(resume.json().error.message).toBe(
      'Im Status „In Bearbeitung“ ist „Wieder aufnehmen“ nicht möglich.',
    );
    const short = await env.app.inject({
      method: 'POST',
      url: `/api/v1/concerns/${p4}/wait`,
      headers: { cookie },
      payload: { reason: 'x' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields).toEqual([
      { field: 'reason', message: 'Bitte mindestens 3 Zeichen eingeben.' },
    ]);
  });
});
