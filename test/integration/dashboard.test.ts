import { describe, expect, it } from 'vitest';
import { refreshSnapshot } from '../../src/backlog/dashboard.service.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { claimNext, transition, type WorkContext } from '../../src/worklist/worklist.service.js';
import {
  buildConcern,
  createStaff,
  createTenant,
  loginCookie,
  ScriptedTriage,
} from '../support/factories.js';
import { useTestApp } from '../support/harness.js';

const triage = new ScriptedTriage(new KeywordTriage());
const DAY = 86_400_000;

const env = useTestApp(triage);

describe('Teamleitung dashboard', () => {
  it('counts the backlog by class, topic and age, shows deadlines at risk, throughput and a forecast', async () => {
    const tenant = await createTenant(env.db);
    const lead = await createStaff(env.db, tenant, { role: 'teamleitung' });
    const worker = await createStaff(env.db, tenant);
    for (let i = 0; i < 6; i++)
      await buildConcern(env.db, tenant, triage, {
        topic: 'krankengeld',
        priorityClass: 'P2',
        receivedAt: new Date(Date.now() - (i + 1) * DAY),
      });
    for (let i = 0; i < 3; i++)
      await buildConcern(env.db, tenant, triage, {
        topic: 'diga',
        priorityClass: 'P4',
        receivedAt: new Date(Date.now() - 20 * DAY),
      });
    // A § 13 Abs. 3a application received 19 days ago: its 3-week clock ends within 3 days.
    const due = await buildConcern(env.db, tenant, triage, {
      topic: 'leistungsantrag',
      priorityClass: 'P3',
      receivedAt: new Date(Date.now() - 19 * DAY),
    });
    const ctx: WorkContext = {
      tenant,
      userId: worker.id,
      displayName: 'W',
      teamId: null,
      mayActForOthers: false,
      leaseMinutes: 30,
    };
    const first = await claimNext(env.db, ctx);
    await transition(env.db, ctx, first!.reference, 'complete');

    const cookie = await loginCookie(env.app, lead.email);
    const res = await env.app.inject({ url: '/api/v1/dashboard', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.backlog.total).toBe(9);
    const byClassSum = Object.values(d.backlog.byClass as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(byClassSum).toBe(9);
    expect(d.backlog.byTopic.reduce((s: number, x: { count: number }) => s + x.count, 0)).toBe(9);
    const ageSum = d.backlog.byAge.reduce(
      (s: number, b: { byClass: Record<string, number> }) =>
        s + Object.values(b.byClass).reduce((a, c) => a + c, 0),
      0,
    );
    expect(ageSum).toBe(9);
    expect(d.backlog.byAge.find((b: { bucket: string }) => b.bucket === '15–28 Tage').byClass.P4).toBe(3);
    expect(d.deadlines.next3Days).toBeGreaterThanOrEqual(1);
    expect(d.deadlines.items.map((i: { reference: string }) => i.reference)).toContain(due);
    expect(d.throughput).toHaveLength(28);
    expect(d.staff).toBe(2);
    expect(d.forecast.classes.map((c: { key: string }) => c.key)).toEqual(['P1', 'P2', 'P3', 'P4']);
    // Received items over the last days are the only history so far: nothing was done before today,
    // so the forecast cannot promise a clearance date.
    expect(d.forecast.classes.find((c: { key: string }) => c.key === 'P2').p85).toBeNull();

    // The slow aggregates come from a snapshot that is reused until the rescoring job refreshes it.
    const again = (await env.app.inject({ url: '/api/v1/dashboard', headers: { cookie } })).json();
    expect(again.snapshotAt).toBe(d.snapshotAt);
    await buildConcern(env.db, tenant, triage, { topic: 'diga', priorityClass: 'P4' });
    await refreshSnapshot(env.db, tenant);
    const fresh = (await env.app.inject({ url: '/api/v1/dashboard', headers: { cookie } })).json();
    expect(fresh.snapshotAt).not.toBe(d.snapshotAt);
    expect(fresh.backlog.total).toBe(10);

    const svg = await env.app.inject({
      url: '/api/v1/dashboard/burndown.svg?extraStaff=2',
      headers: { cookie },
    });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body.startsWith('<svg')).toBe(true);
    const whatIf = await env.app.inject({
      url: '/api/v1/dashboard/what-if?extraStaff=3&overtimePercent=10',
      headers: { cookie },
    });
    expect(whatIf.statusCode).toBe(200);
    expect(whatIf.json().comparison.scenarios[0].whatIf).toEqual({ extraStaff: 3, overtimePercent: 10 });
    const bad = await env.app.inject({
      url: '/api/v1/dashboard/what-if?overtimePercent=500',
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('is for team leads only', async () => {
    const tenant = await createTenant(env.db);
    const worker = await createStaff(env.db, tenant);
    const cookie = await loginCookie(env.app, worker.email);
    expect((await env.app.inject({ url: '/api/v1/dashboard', headers: { cookie } })).statusCode).toBe(403);
    expect((await env.app.inject({ url: '/api/v1/dashboard' })).statusCode).toBe(401);
  });
});
