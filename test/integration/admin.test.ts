import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/database.js';
import type { Tenant } from '../../src/tenants/tenants.repository.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
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
const env = useTestApp(triage);
let kasse: Tenant;
let other: Tenant;
let admin: { id: string; email: string; cookie: string };
let lead: { id: string; email: string; cookie: string };
let foreignUserId: string;
let foreignTeamId: string;

async function staff(tenant: Tenant, role: 'sachbearbeitung' | 'teamleitung' | 'administration') {
  const s = await createStaff(env.db, tenant, { role, name: `${role} ${tenant.slug}` });
  return { id: s.id, email: s.email, cookie: await loginCookie(env.app, s.email) };
}

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: object) {
  return env.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });
}

async function teamActionsByAdmin(tenantId: string): Promise<string[]> {
  const rows = await withTenant(env.db, tenantId, (trx) =>
    trx.selectFrom('audit_events').select(['action', 'actor_id']).orderBy('id').execute(),
  );
  return rows.filter((r) => r.actor_id === admin.id && r.action.startsWith('team.')).map((r) => r.action);
}

beforeAll(async () => {
  kasse = await createTenant(env.db, { slug: 'admin-kasse' });
  other = await createTenant(env.db, { slug: 'andere-kasse' });
  admin = await staff(kasse, 'administration');
  lead = await staff(kasse, 'teamleitung');
  foreignUserId = (await createStaff(env.db, other, { role: 'sachbearbeitung' })).id;
  foreignTeamId = await createTeam(env.db, other, 'Fremd', ['krankengeld']);
});

describe('administration API', () => {
  it('is closed to the anonymous and to every other role, on every route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const routes = [
      ['GET', '/api/v1/admin/teams', undefined],
      ['POST', '/api/v1/admin/teams', { name: 'X', skills: [] }],
      ['PATCH', `/api/v1/admin/teams/${id}`, { name: 'Y' }],
      ['DELETE', `/api/v1/admin/teams/${id}`, undefined],
      ['GET', '/api/v1/admin/accounts', undefined],
      [
        'POST',
        '/api/v1/admin/accounts',
        { email: 'x@y.example', displayName: 'X', role: 'administration', teamId: null },
      ],
      ['PATCH', `/api/v1/admin/accounts/${id}`, { role: 'administration' }],
      ['POST', `/api/v1/admin/accounts/${id}/password-reset`, undefined],
    ] as const;
    const worker = await staff(kasse, 'sachbearbeitung');
    for (const [method, url, payload] of routes) {
      const anonymous = await env.app.inject({ method, url, ...(payload && { payload }) });
      expect(anonymous.statusCode, `anonymous ${method} ${url}`).toBe(401);
      for (const who of [lead, worker]) {
        const res = await call(method, url, who.cookie, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    const password = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'x', newPassword: 'y' },
    });
    expect(password.statusCode).toBe(401);
    // And administration reads no concerns.
    expect((await call('GET', '/api/v1/worklist', admin.cookie)).statusCode).toBe(403);
  });

  it('creates, lists, changes and removes teams; concerns move on and every change is audited', async () => {
    const created = await call('POST', '/api/v1/admin/teams', admin.cookie, {
      name: ' Geld ',
      skills: ['krankengeld', 'krankengeld'],
    });
    expect(created.statusCode).toBe(201);
    const geld = created.json<{ id: string; name: string; skills: string[] }>();
    expect(geld).toMatchObject({ name: 'Geld', skills: ['krankengeld'] });
    expect(created.headers['cache-control']).toBe('no-store');
    const pflege = (
      await call('POST', '/api/v1/admin/teams', admin.cookie, { name: 'Pflege', skills: ['pflegegeld'] })
    ).json<{ id: string }>();

    // The same new name twice at the same moment: one team, and the other request is told so (409, not 500).
    const twins = await Promise.all(
      [1, 2, 3].flatMap((n) => [
        call('POST', '/api/v1/admin/teams', admin.cookie, { name: `Zwilling ${n}`, skills: [] }),
        call('POST', '/api/v1/admin/teams', admin.cookie, { name: `Zwilling ${n}`, skills: [] }),
      ]),
    );
    expect(twins.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    for (const t of (await call('GET', '/api/v1/admin/teams', admin.cookie)).json<{
      teams: { id: string; name: string }[];
    }>().teams)
      if (t.name.startsWith('Zwilling')) await call('DELETE', `/api/v1/admin/teams/${t.id}`, admin.cookie);
    const duplicate = await call('POST', '/api/v1/admin/teams', admin.cookie, { name: 'Geld', skills: [] });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.message).toMatch(/gibt es in dieser Kasse schon/);
    const unknownTopic = await call('POST', '/api/v1/admin/teams', admin.cookie, {
      name: 'Neu',
      skills: ['gibt-es-nicht'],
    });
    expect(unknownTopic.statusCode).toBe(400);

    // New concerns on Krankengeld are routed to Geld, and the listing counts them.
    await buildConcern(env.db, kasse, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    await buildConcern(env.db, kasse, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    const listed = (await call('GET', '/api/v1/admin/teams', admin.cookie)).json<{
      teams: { id: string; name: string; accounts: number; openConcerns: number }[];
    }>();
    expect(listed.teams.map((t) => [t.name, t.accounts, t.openConcerns])).toEqual([
      ['Geld', 0, 2],
      ['Pflege', 0, 0],
    ]);

    const renamed = await call('PATCH', `/api/v1/admin/teams/${geld.id}`, admin.cookie, {
      name: 'Geldleistungen',
      skills: ['krankengeld', 'mutterschaftsgeld'],
    });
    expect(renamed.json()).toMatchObject({
      name: 'Geldleistungen',
      skills: ['krankengeld', 'mutterschaftsgeld'],
    });
    expect((await call('PATCH', `/api/v1/admin/teams/${geld.id}`, admin.cookie, {})).statusCode).toBe(400);

    // Another Kasse's team is invisible: not found, neither to change nor as a target.
    const foreign = await call('PATCH', `/api/v1/admin/teams/${foreignTeamId}`, admin.cookie, {
      name: 'Meins',
    });
    expect(foreign.statusCode).toBe(404);
    const foreignTarget = await call(
      'DELETE',
      `/api/v1/admin/teams/${geld.id}?moveTo=${foreignTeamId}`,
      admin.cookie,
    );
    expect(foreignTarget.statusCode).toBe(400);
    expect(foreignTarget.json().error.fields).toEqual([expect.objectContaining({ field: 'moveTo' })]);

    const removed = await call('DELETE', `/api/v1/admin/teams/${geld.id}?moveTo=${pflege.id}`, admin.cookie);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ movedTo: { name: 'Pflege' }, openConcerns: 2, closedConcerns: 0 });
    const after = (await call('GET', '/api/v1/admin/teams', admin.cookie)).json<{
      teams: { name: string; openConcerns: number }[];
    }>();
    expect(after.teams).toEqual([expect.objectContaining({ name: 'Pflege', openConcerns: 2 })]);
    expect(await teamActionsByAdmin(kasse.id)).toEqual([
      'team.created',
      'team.created',
      ...Array<string>(3).fill('team.created'),
      ...Array<string>(3).fill('team.removed'),
      'team.updated',
      'team.removed',
    ]);
  });

  it('creates an account with a start password shown once, which logs in and can be replaced by its owner', async () => {
    const team = await createTeam(env.db, kasse, 'Versorgung', ['hilfsmittel']);
    const created = await call('POST', '/api/v1/admin/accounts', admin.cookie, {
      email: 'neu@admin-kasse.example',
      displayName: 'Nora Neu',
      role: 'sachbearbeitung',
      teamId: team,
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ account: { id: string; team: { name: string } }; startPassword: string }>();
    expect(body.account).toMatchObject({
      displayName: 'Nora Neu',
      team: { name: 'Versorgung' },
      disabled: false,
    });
    expect(body.startPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(created.headers['cache-control']).toBe('no-store');

    const again = await call('POST', '/api/v1/admin/accounts', admin.cookie, {
      email: 'NEU@admin-kasse.example',
      displayName: 'Doppelt',
      role: 'sachbearbeitung',
      teamId: null,
    });
    expect(again.statusCode).toBe(409);
    const badEmail = await call('POST', '/api/v1/admin/accounts', admin.cookie, {
      email: 'keine-adresse',
      displayName: 'X',
      role: 'sachbearbeitung',
      teamId: null,
    });
    expect(badEmail.json().error.fields).toEqual([expect.objectContaining({ field: 'email' })]);

    // The owner logs in with the start password and replaces it; the old one stops working, and so do
    // the owner's other sessions, but not the one that made the change.
    const session1 = await loginCookie(env.app, 'neu@admin-kasse.example', body.startPassword);
    const session2 = await loginCookie(env.app, 'neu@admin-kasse.example', body.startPassword);
    const wrong = await call('POST', '/api/v1/auth/password', session1, {
      currentPassword: 'falsch',
      newPassword: 'ein-neues-langes-passwort',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    const short = await call('POST', '/api/v1/auth/password', session1, {
      currentPassword: body.startPassword,
      newPassword: 'kurz',
    });
    expect(short.json().error.fields).toEqual([expect.objectContaining({ field: 'newPassword' })]);
    const changed = await call('POST', '/api/v1/auth/password', session1, {
      currentPassword: body.startPassword,
      newPassword: 'ein-neues-langes-passwort',
    });
    expect(changed.statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', session1)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', session2)).statusCode).toBe(401);
    await expect(loginCookie(env.app, 'neu@admin-kasse.example', body.startPassword)).rejects.toThrow(/401/);

    // A reset gives a new start password and ends every session of the account.
    const reset = await call(
      'POST',
      `/api/v1/admin/accounts/${body.account.id}/password-reset`,
      admin.cookie,
    );
    const resetPassword = reset.json<{ startPassword: string }>().startPassword;
    expect(resetPassword).not.toBe(body.startPassword);
    expect((await call('GET', '/api/v1/auth/me', session1)).statusCode).toBe(401);
    await expect(loginCookie(env.app, 'neu@admin-kasse.example', resetPassword)).resolves.toMatch(
      /vorrang_session/,
    );

    const events = await withTenant(env.db, kasse.id, (trx) =>
      trx
        .selectFrom('audit_events')
        .selectAll()
        .where('subject_id', '=', body.account.id)
        .where('action', 'like', 'user.%')
        .orderBy('id')
        .execute(),
    );
    expect(events.map((e) => e.action)).toEqual([
      'user.created',
      'user.password_changed',
      'user.password_reset',
    ]);
    expect(JSON.stringify(events)).not.toContain(body.startPassword);
    expect(JSON.stringify(events)).not.toContain(resetPassword);
  });

  it('changes role and team, blocks and unblocks, and keeps the Kasse from losing its last administration', async () => {
    const worker = await staff(kasse, 'sachbearbeitung');
    const url = `/api/v1/admin/accounts/${worker.id}`;
    const promoted = await call('PATCH', url, admin.cookie, { role: 'teamleitung', teamId: null });
    expect(promoted.json()).toMatchObject({ role: 'teamleitung', roleLabel: 'Teamleitung', team: null });
    expect((await call('GET', '/api/v1/auth/me', worker.cookie)).json()).toMatchObject({
      role: 'teamleitung',
    });

    const both = await call('PATCH', url, admin.cookie, { role: 'sachbearbeitung', disabled: true });
    expect(both.statusCode).toBe(400);
    const blocked = await call('PATCH', url, admin.cookie, { disabled: true });
    expect(blocked.json()).toMatchObject({ disabled: true });
    expect((await call('GET', '/api/v1/auth/me', worker.cookie)).statusCode).toBe(401);
    const listed = (await call('GET', '/api/v1/admin/accounts', admin.cookie)).json<{
      accounts: { id: string; disabled: boolean; isMe: boolean }[];
    }>();
    expect(listed.accounts.at(-1)).toMatchObject({ id: worker.id, disabled: true });
    expect(listed.accounts.filter((a) => a.isMe).map((a) => a.id)).toEqual([admin.id]);
    expect((await call('PATCH', url, admin.cookie, { disabled: false })).json()).toMatchObject({
      disabled: false,
    });

    // Not oneself, and not the last administration account, whether demoted or blocked.
    const self = await call('PATCH', `/api/v1/admin/accounts/${admin.id}`, admin.cookie, { disabled: true });
    expect(self.statusCode).toBe(409);
    // A reset of one's own password would end the asking session and lose the start password with it.
    const selfReset = await call('POST', `/api/v1/admin/accounts/${admin.id}/password-reset`, admin.cookie);
    expect(selfReset.statusCode).toBe(409);
    expect((await call('GET', '/api/v1/auth/me', admin.cookie)).statusCode).toBe(200);
    const demote = await call('PATCH', `/api/v1/admin/accounts/${admin.id}`, admin.cookie, {
      role: 'teamleitung',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.message).toMatch(/letzte aktive Konto der Administration/);
    const second = await staff(kasse, 'administration');
    const demoteSecond = await call('PATCH', `/api/v1/admin/accounts/${second.id}`, admin.cookie, {
      role: 'sachbearbeitung',
    });
    expect(demoteSecond.statusCode).toBe(200);

    // Two administrators demoting each other at the same moment: one of them stays (five such pairs, as
    // one pair does not always overlap). The other request is refused either way: 409 when both decided on
    // the locked row, 403 when its sender had already been demoted before its session was checked.
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const duo = await createTenant(env.db, { slug: `zwei-admins-${n}` });
        const [x, y] = [await staff(duo, 'administration'), await staff(duo, 'administration')];
        const results = await Promise.all([
          call('PATCH', `/api/v1/admin/accounts/${y.id}`, x.cookie, { role: 'sachbearbeitung' }),
          call('PATCH', `/api/v1/admin/accounts/${x.id}`, y.cookie, { role: 'sachbearbeitung' }),
        ]);
        const admins = await withTenant(env.db, duo.id, (trx) =>
          trx
            .selectFrom('users')
            .select('id')
            .where('tenant_id', '=', duo.id)
            .where('role', '=', 'administration')
            .execute(),
        );
        const [won, refused] = results.map((r) => r.statusCode).sort();
        return { won, refusedAsExpected: refused === 403 || refused === 409, admins: admins.length };
      }),
    );
    expect(outcomes).toEqual(Array(5).fill({ won: 200, refusedAsExpected: true, admins: 1 }));

    // Another Kasse's account does not exist from here.
    for (const [method, path, payload] of [
      ['PATCH', `/api/v1/admin/accounts/${foreignUserId}`, { disabled: true }],
      ['POST', `/api/v1/admin/accounts/${foreignUserId}/password-reset`, undefined],
    ] as const) {
      expect((await call(method, path, admin.cookie, payload)).statusCode).toBe(404);
    }
    const foreignTeam = await call('PATCH', url, admin.cookie, { teamId: foreignTeamId });
    expect(foreignTeam.statusCode).toBe(400);
  });
});
