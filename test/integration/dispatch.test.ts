import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { rescoreTenant } from '../../src/worklist/dispatch.service.js';
import { claimNext } from '../../src/worklist/worklist.service.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import {
  buildConcern,
  createStaff,
  createTenant,
  loginCookie,
  ScriptedTriage,
  testApp,
} from '../support/factories.js';

let t: TestDatabase;
let db: Db;
let app: FastifyInstance;
const triage = new ScriptedTriage(new KeywordTriage());
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.handle.db;
  app = await testApp(db, triage);
});
afterAll(async () => {
  await app.close();
  await t.close();
});

describe('dispatch index and rescoring', () => {
  it('flags deadlines the staff cannot meet with a Zwischennachricht task above P2, and clears it when sent', async () => {
    const tenant = await createTenant(db);
    const worker = await createStaff(db, tenant, { role: 'teamleitung' });
    // One worker, 25 applications whose three-week clock (§ 13 Abs. 3a SGB V) ends in about four days.
    const applications: string[] = [];
    for (let i = 0; i < 25; i++) {
      applications.push(
        await buildConcern(db, tenant, triage, {
          topic: 'leistungsantrag',
          priorityClass: 'P3',
          receivedAt: new Date(Date.now() - 17 * DAY - i * 60_000),
        }),
      );
    }
    const p2 = await buildConcern(db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    const p1 = await buildConcern(db, tenant, triage, { topic: 'palliativ_sapv', priorityClass: 'P1' });

    const result = await rescoreTenant(db, tenant.id);
    expect(result).toMatchObject({ ran: true, items: 27 });
    expect(result.notices).toBeGreaterThan(0);
    expect(result.notices).toBeLessThanOrEqual(25);

    const cookie = await loginCookie(app, worker.email);
    type Item = { reference: string; priorityClass: string; interimNoticeDueAt: string | null };
    const list = (await app.inject({ url: '/api/v1/worklist?limit=50', headers: { cookie } })).json<{
      items: Item[];
    }>().items;
    expect(list[0]?.reference).toBe(p1);
    const noticed = list.filter((i) => i.interimNoticeDueAt !== null);
    expect(noticed).toHaveLength(result.notices);
    // Every notice task is due before its deadline and stands above the P2 item.
    const p2Pos = list.findIndex((i) => i.reference === p2);
    for (const n of noticed) {
      expect(list.indexOf(n)).toBeLessThan(p2Pos);
      const detail = (
        await app.inject({ url: `/api/v1/concerns/${n.reference}`, headers: { cookie } })
      ).json();
      const clock = detail.deadlines.find((d: { kind: string }) => d.kind === 'sgb5_13_3a');
      expect(Date.parse(n.interimNoticeDueAt!)).toBeLessThan(Date.parse(clock.dueAt));
    }

    const first = noticed[0]!.reference;
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/concerns/${first}/interim-notice`,
      headers: { cookie },
      payload: { note: 'Vorlage Z3 versandt' },
    });
    expect(sent.statusCode).toBe(204);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/concerns/${first}/interim-notice`,
      headers: { cookie },
    });
    expect(again.statusCode).toBe(409);
    const after = (await app.inject({ url: '/api/v1/worklist?limit=50', headers: { cookie } })).json<{
      items: Item[];
    }>().items;
    const moved = after.find((i) => i.reference === first)!;
    expect(moved.interimNoticeDueAt).toBeNull();
    // It leaves the notice tier: every item still waiting for its notice now stands above it.
    const movedPos = after.findIndex((i) => i.reference === first);
    for (const [pos, i] of after.entries())
      if (i.interimNoticeDueAt !== null) expect(pos).toBeLessThan(movedPos);
    const history = (await app.inject({ url: `/api/v1/concerns/${first}`, headers: { cookie } })).json()
      .history;
    expect(history.at(-1)).toMatchObject({
      action: 'concern.interim_notice_sent',
      reason: 'Vorlage Z3 versandt',
    });

    // A second run does not issue the notice again for the item that already had one.
    const rerun = await rescoreTenant(db, tenant.id);
    expect(rerun.notices).toBe(result.notices - 1);
    expect(applications).toContain(first);
  });

  it('runs once at a time per Kasse and keeps claims working while it scores', async () => {
    const tenant = await createTenant(db);
    const worker = await createStaff(db, tenant);
    for (let i = 0; i < 30; i++)
      await buildConcern(db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    const [a, b, claimed] = await Promise.all([
      rescoreTenant(db, tenant.id, { chunk: 5 }),
      rescoreTenant(db, tenant.id, { chunk: 5 }),
      claimNext(db, {
        tenant,
        userId: worker.id,
        displayName: 'W',
        teamId: null,
        mayActForOthers: false,
        leaseMinutes: 30,
      }),
    ]);
    expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
    expect(claimed?.priorityClass).toBe('P2');
    expect((await rescoreTenant(db, tenant.id)).ran).toBe(true);
  });
});
