import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/database.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { sql } from 'kysely';
import { acquireRun, readOpenItems, type ScoringRow } from '../../src/worklist/dispatch.repository.js';
import { rescoreTenant } from '../../src/worklist/dispatch.service.js';
import { claimNext } from '../../src/worklist/worklist.service.js';
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

describe('dispatch index and rescoring', () => {
  it('reads every open item exactly once, whatever the number of id ranges, with nulls and times intact', async () => {
    const tenant = await createTenant(env.db);
    const refs: string[] = [];
    for (let i = 0; i < 40; i++) {
      refs.push(
        await buildConcern(env.db, tenant, triage, {
          topic: i % 2 ? 'leistungsantrag' : 'egk_stammdaten',
          priorityClass: 'P3',
          receivedAt: new Date(Date.UTC(2026, 9, 1, 8, 30, 15, 123) + i * 60_000),
        }),
      );
    }
    // One item waits with its interim notice due and sent, one is done (not open any more).
    await withTenant(env.db, tenant.id, async (trx) => {
      await sql`update concerns set status = 'wartet', interim_notice_due_at = '2026-10-20T09:00:00.250Z',
                  interim_notice_sent_at = now() where reference = ${refs[1]!}`.execute(trx);
      await sql`delete from work_queue where concern_id = (select id from concerns where reference = ${refs[1]!})`.execute(
        trx,
      );
      await sql`update concerns set status = 'erledigt' where reference = ${refs[2]!}`.execute(trx);
      await sql`delete from work_queue where concern_id = (select id from concerns where reference = ${refs[2]!})`.execute(
        trx,
      );
    });
    const read = async (parts: number) => {
      const all: ScoringRow[] = [];
      for (let part = 0; part < parts; part++) {
        all.push(...(await withTenant(env.db, tenant.id, (trx) => readOpenItems(trx, { part, parts }, 7))));
      }
      return all.sort((a, b) => (a.id < b.id ? -1 : 1));
    };
    const whole = await read(1);
    expect(whole).toHaveLength(39);
    expect(await read(2)).toEqual(whole);
    expect(await read(5)).toEqual(whole);

    const ids = await withTenant(env.db, tenant.id, async (trx) => {
      const r = await sql<{ reference: string; id: string }>`select reference, id from concerns`.execute(trx);
      return new Map(r.rows.map((row) => [row.reference, row.id]));
    });
    const waiting = whole.find((r) => r.id === ids.get(refs[1]!))!;
    expect(waiting).toMatchObject({
      status: 'wartet',
      priorityClass: 'P3',
      topic: 'leistungsantrag',
      receivedMs: Date.UTC(2026, 9, 1, 8, 31, 15, 123),
      earliestDueKind: 'sgb5_13_3a',
      interimNoticeDueMs: Date.parse('2026-10-20T09:00:00.250Z'),
      interimNoticeSent: true,
      score: null,
    });
    expect(waiting.earliestDueMs).toBeGreaterThan(waiting.receivedMs);
    const queued = whole.find((r) => r.id === ids.get(refs[0]!))!;
    expect(queued).toMatchObject({
      status: 'neu',
      topic: 'egk_stammdaten',
      earliestDueMs: null,
      earliestDueKind: null,
      interimNoticeDueMs: null,
      interimNoticeSent: false,
    });
    expect(queued.score).toEqual(expect.any(Number));
    expect(whole.some((r) => r.id === ids.get(refs[2]!))).toBe(false);

    // A code with a comma (never written by vorrang) is refused, not read into the wrong fields.
    await withTenant(env.db, tenant.id, (trx) =>
      sql`update concerns set topic = 'a,b' where reference = ${refs[3]!}`.execute(trx),
    );
    await expect(read(1)).rejects.toThrow(/contains a comma/);
  });

  it('flags deadlines the staff cannot meet with a Zwischennachricht task above P2, and clears it when sent', async () => {
    const tenant = await createTenant(env.db);
    const worker = await createStaff(env.db, tenant, { role: 'teamleitung' });
    // One worker, 25 applications whose three-week clock (§ 13 Abs. 3a SGB V) ends in about four days.
    const applications: string[] = [];
    for (let i = 0; i < 25; i++) {
      applications.push(
        await buildConcern(env.db, tenant, triage, {
          topic: 'leistungsantrag',
          priorityClass: 'P3',
          receivedAt: new Date(Date.now() - 17 * DAY - i * 60_000),
        }),
      );
    }
    const p2 = await buildConcern(env.db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    const p1 = await buildConcern(env.db, tenant, triage, { topic: 'palliativ_sapv', priorityClass: 'P1' });

    const result = await rescoreTenant(env.db, tenant.id);
    expect(result).toMatchObject({ ran: true, items: 27 });
    expect(result.notices).toBeGreaterThan(0);
    expect(result.notices).toBeLessThanOrEqual(25);

    const cookie = await loginCookie(env.app, worker.email);
    type Item = { reference: string; priorityClass: string; interimNoticeDueAt: string | null };
    const list = (await env.app.inject({ url: '/api/v1/worklist?limit=50', headers: { cookie } })).json<{
      items: Item[];
    }>().items;
    expect(list[0]?.reference).toBe(p1);
    const noticed = list.filter((i) => i.interimNoticeDueAt !== null);
    expect(noticed).toHaveLength(result.notices);
    // Every notice task is due before its deadline, when the legal clock says, and stands above the P2 item.
    const p2Pos = list.findIndex((i) => i.reference === p2);
    for (const n of noticed) {
      expect(list.indexOf(n)).toBeLessThan(p2Pos);
      const detail = (
        await env.app.inject({ url: `/api/v1/concerns/${n.reference}`, headers: { cookie } })
      ).json();
      const clock = detail.deadlines.find((d: { kind: string }) => d.kind === 'sgb5_13_3a');
      expect(Date.parse(n.interimNoticeDueAt!)).toBeLessThan(Date.parse(clock.dueAt));
      // The same date as the deadline table shows: the legal rule, not the policy's fixed lead time.
      expect(n.interimNoticeDueAt).toBe(clock.interimNoticeBy);
    }

    const first = noticed[0]!.reference;
    const sent = await env.app.inject({
      method: 'POST',
      url: `/api/v1/concerns/${first}/interim-notice`,
      headers: { cookie },
      payload: { note: 'Vorlage Z3 versandt' },
    });
    expect(sent.statusCode).toBe(204);
    const again = await env.app.inject({
      method: 'POST',
      url: `/api/v1/concerns/${first}/interim-notice`,
      headers: { cookie },
    });
    expect(again.statusCode).toBe(409);
    const after = (await env.app.inject({ url: '/api/v1/worklist?limit=50', headers: { cookie } })).json<{
      items: Item[];
    }>().items;
    const moved = after.find((i) => i.reference === first)!;
    expect(moved.interimNoticeDueAt).toBeNull();
    // It leaves the notice tier: every item still waiting for its notice now stands above it.
    const movedPos = after.findIndex((i) => i.reference === first);
    for (const [pos, i] of after.entries())
      if (i.interimNoticeDueAt !== null) expect(pos).toBeLessThan(movedPos);
    const history = (await env.app.inject({ url: `/api/v1/concerns/${first}`, headers: { cookie } })).json()
      .history;
    expect(history.at(-1)).toMatchObject({
      action: 'concern.interim_notice_sent',
      reason: 'Vorlage Z3 versandt',
    });

    // A second run does not issue the notice again for the item that already had one.
    const rerun = await rescoreTenant(env.db, tenant.id);
    expect(rerun.notices).toBe(result.notices - 1);
    expect(applications).toContain(first);
  });

  it('runs once at a time per Kasse and keeps claims working while it scores', async () => {
    const tenant = await createTenant(env.db);
    const worker = await createStaff(env.db, tenant);
    for (let i = 0; i < 30; i++)
      await buildConcern(env.db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    // Another process holds the Kasse's lease: this one leaves the work to it.
    const now = new Date();
    await withTenant(env.db, tenant.id, (trx) => acquireRun(trx, tenant.id, now, 60_000));
    expect((await rescoreTenant(env.db, tenant.id, { now })).ran).toBe(false);
    // Once the lease has run out, the next run goes ahead, and claims keep working while it scores.
    const later = new Date(now.getTime() + 120_000);
    const [run, claimed] = await Promise.all([
      rescoreTenant(env.db, tenant.id, { chunk: 5, now: later }),
      claimNext(env.db, {
        tenant,
        userId: worker.id,
        displayName: 'W',
        teamId: null,
        mayActForOthers: false,
        leaseMinutes: 30,
      }),
    ]);
    expect(run).toMatchObject({ ran: true, items: 30 });
    expect(claimed?.priorityClass).toBe('P2');
    // A finished run releases the lease at once.
    expect((await rescoreTenant(env.db, tenant.id, { now: later })).ran).toBe(true);
  });
});
