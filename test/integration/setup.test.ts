import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/database.js';
import { AppError } from '../../src/errors.js';
import { runSetup } from '../../src/tenants/setup.cli.js';
import {
  changeTeam,
  changeUser,
  createTeam,
  createTenant,
  createUser,
  removeTeam,
  resetPassword,
  setAccountBlocked,
} from '../../src/tenants/setup.service.js';
import { findUserByEmail, setPasswordHash } from '../../src/auth/auth.repository.js';
import { findTenantBySlug } from '../../src/tenants/tenants.repository.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { buildConcern, loginCookie } from '../support/factories.js';
import { useTestApp } from '../support/harness.js';

const triage = new KeywordTriage();
const env = useTestApp(triage);
const operator = { userId: null, label: 'Betrieb (test)' };
const PASSWORD = 'ein-langes-passwort';

async function eventsOf(tenantId: string) {
  return withTenant(env.db, tenantId, (trx) =>
    trx
      .selectFrom('audit_events')
      .select(['action', 'subject_type', 'actor_label', 'after'])
      .orderBy('id')
      .execute(),
  );
}

describe('setting up a Kasse without the demo', () => {
  it('creates the Kasse, a team and an account that can log in, each with its audit event', async () => {
    const tenant = await createTenant(env.db, { slug: 'bkk-neu', name: ' BKK Neu ', land: 'HE' }, operator);
    expect(tenant).toMatchObject({ slug: 'bkk-neu', name: 'BKK Neu', land: 'HE' });
    expect(await findTenantBySlug(env.db, 'bkk-neu')).toEqual(tenant);

    const team = await createTeam(
      env.db,
      tenant,
      { name: 'Geld', skills: ['krankengeld', 'krankengeld'] },
      operator,
    );
    expect(team.skills).toEqual(['krankengeld']);
    const user = await createUser(
      env.db,
      tenant,
      {
        email: 'Lead@BKK-neu.example',
        displayName: 'Lea Lead',
        role: 'teamleitung',
        team: { name: 'Geld' },
        password: PASSWORD,
      },
      operator,
    );
    expect(user).toMatchObject({ tenantId: tenant.id, role: 'teamleitung', teamId: team.id });

    const cookie = await loginCookie(env.app, 'lead@bkk-neu.example', PASSWORD);
    const me = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('Lea Lead');

    const events = await eventsOf(tenant.id);
    expect(events.map((e) => `${e.action}:${e.subject_type}`)).toEqual([
      'tenant.created:tenant',
      'team.created:team',
      'user.created:user',
      'session.login:user',
    ]);
    expect(events.slice(0, 3).every((e) => e.actor_label === 'Betrieb (test)')).toBe(true);
    // The audit trail never holds the password or its hash.
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(JSON.stringify(events)).not.toContain('scrypt');
  });

  it('refuses duplicates, bad slugs, short passwords and unknown teams, and leaves nothing behind', async () => {
    const tenant = await createTenant(env.db, { slug: 'ikk-zwei', name: 'IKK Zwei', land: 'NW' }, operator);
    const conflict = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: 'CONFLICT' });
    await conflict(createTenant(env.db, { slug: 'ikk-zwei', name: 'Noch eine', land: 'NW' }, operator));
    await expect(
      createTenant(env.db, { slug: 'IKK', name: 'x', land: 'NW' }, operator),
    ).rejects.toBeInstanceOf(AppError);
    const account = { email: 'sb@ikk-zwei.example', displayName: 'S B', role: 'sachbearbeitung' as const };
    await expect(
      createUser(env.db, tenant, { ...account, team: null, password: 'kurz' }, operator),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      createUser(
        env.db,
        tenant,
        { ...account, team: { name: 'Gibt es nicht' }, password: PASSWORD },
        operator,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await createUser(env.db, tenant, { ...account, team: null, password: PASSWORD }, operator);
    await conflict(
      createUser(
        env.db,
        tenant,
        { ...account, email: 'SB@ikk-zwei.example', team: null, password: PASSWORD },
        operator,
      ),
    );
    await createTeam(env.db, tenant, { name: 'Pflege', skills: [] }, operator);
    await conflict(createTeam(env.db, tenant, { name: 'Pflege', skills: [] }, operator));

    const events = await eventsOf(tenant.id);
    expect(events.map((e) => e.action)).toEqual(['tenant.created', 'user.created', 'team.created']);
  });

  it('disables an account: no login, its sessions end at once, audited; enabling restores the login', async () => {
    const tenant = await createTenant(env.db, { slug: 'bkk-drei', name: 'BKK Drei', land: 'BE' }, operator);
    const email = 'weg@bkk-drei.example';
    await createUser(
      env.db,
      tenant,
      { email, displayName: 'Wolf Weg', role: 'sachbearbeitung', team: null, password: PASSWORD },
      operator,
    );
    const cookie = await loginCookie(env.app, email, PASSWORD);
    const me = () => env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);

    await expect(setAccountBlocked(env.db, { email }, true, operator)).resolves.toMatchObject({
      changed: true,
    });
    expect((await me()).statusCode).toBe(401);
    await expect(loginCookie(env.app, email, PASSWORD)).rejects.toThrow(/login failed: 401/);
    await expect(setAccountBlocked(env.db, { email }, true, operator)).resolves.toMatchObject({
      changed: false,
    });

    await setAccountBlocked(env.db, { email: email.toUpperCase() }, false, operator);
    await expect(loginCookie(env.app, email, PASSWORD)).resolves.toMatch(/^vorrang_session=/);
    await expect(
      setAccountBlocked(env.db, { email: 'niemand@bkk-drei.example' }, true, operator),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const actions = (await eventsOf(tenant.id)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('user.'))).toEqual([
      'user.created',
      'user.disabled',
      'user.enabled',
    ]);
  });

  it('renames a team, changes its skills, moves accounts and removes the team with its concerns handed on', async () => {
    const tenant = await createTenant(env.db, { slug: 'bkk-vier', name: 'BKK Vier', land: 'SN' }, operator);
    await createTeam(env.db, tenant, { name: 'Geld', skills: ['krankengeld'] }, operator);
    await createTeam(env.db, tenant, { name: 'Pflege', skills: ['pflegegeld'] }, operator);
    const email = 'kg@bkk-vier.example';
    await createUser(
      env.db,
      tenant,
      { email, displayName: 'Kim Geld', role: 'sachbearbeitung', team: { name: 'Geld' }, password: PASSWORD },
      operator,
    );
    const teamOf = (reference: string) =>
      withTenant(env.db, tenant.id, async (trx) => {
        const row = await trx
          .selectFrom('concerns as c')
          .leftJoin('teams as t', 't.id', 'c.team_id')
          .leftJoin('work_queue as q', 'q.concern_id', 'c.id')
          .select(['t.name', 'q.team_id as queueTeam', 'c.team_id'])
          .where('c.reference', '=', reference)
          .executeTakeFirstOrThrow();
        expect(row.queueTeam).toBe(row.team_id);
        return row.name;
      });
    const before = await buildConcern(env.db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    expect(await teamOf(before)).toBe('Geld');

    // Rename and new skills: later concerns follow the new skills, earlier ones stay.
    const renamed = await changeTeam(
      env.db,
      tenant,
      { name: 'Geld' },
      { rename: 'Geldleistungen', skills: ['mutterschaftsgeld'] },
      operator,
    );
    expect(renamed).toMatchObject({ name: 'Geldleistungen', skills: ['mutterschaftsgeld'] });
    await expect(
      changeTeam(env.db, tenant, { name: 'Geldleistungen' }, { rename: 'Pflege' }, operator),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      changeTeam(env.db, tenant, { name: 'Geld' }, { rename: 'X' }, operator),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const after = await buildConcern(env.db, tenant, triage, { topic: 'krankengeld', priorityClass: 'P2' });
    expect(await teamOf(before)).toBe('Geldleistungen');
    expect(await teamOf(after)).toBeNull();

    // A team with an enabled account stays; once the account has moved, it goes and its concerns move on.
    await expect(
      removeTeam(env.db, tenant, { name: 'Geldleistungen' }, { name: 'Pflege' }, operator),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      userMessage: expect.stringMatching(/noch 1 aktives Konto\. /),
    });
    expect(await teamOf(before)).toBe('Geldleistungen');
    await expect(
      changeUser(env.db, { email }, { team: { name: 'Gibt es nicht' } }, operator),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const moved = await changeUser(
      env.db,
      { email },
      { team: { name: 'Pflege' }, role: 'teamleitung' },
      operator,
    );
    expect(moved).toMatchObject({ email, role: 'teamleitung' });
    await expect(
      removeTeam(env.db, tenant, { name: 'Pflege' }, { name: 'Pflege' }, operator),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const removed = await removeTeam(
      env.db,
      tenant,
      { name: 'Geldleistungen' },
      { name: 'Pflege' },
      operator,
    );
    expect(removed).toMatchObject({ movedTo: { name: 'Pflege' }, openConcerns: 1, closedConcerns: 0 });
    expect(await teamOf(before)).toBe('Pflege');
    const cookie = await loginCookie(env.app, email, PASSWORD);
    const me = (await env.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json();
    expect(me).toMatchObject({ role: 'teamleitung' });
    const pflege = await withTenant(env.db, tenant.id, (trx) =>
      trx.selectFrom('teams').select('id').where('name', '=', 'Pflege').executeTakeFirstOrThrow(),
    );
    expect(moved.teamId).toBe(pflege.id);

    const events = await eventsOf(tenant.id);
    expect(
      events.map((e) => e.action).filter((a) => a.endsWith('.updated') || a.endsWith('.removed')),
    ).toEqual(['team.updated', 'user.updated', 'team.removed']);
    expect(events.find((e) => e.action === 'team.removed')?.after).toMatchObject({
      concernsMovedTo: 'Pflege',
      openConcerns: 1,
    });
  });

  it('reports usage errors before opening a database', async () => {
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(
        await runSetup('user', [
          'add',
          '--tenant',
          'x',
          '--email',
          'a@b.de',
          '--name',
          'A',
          '--role',
          'chef',
        ]),
      ).toBe(2);
      expect(await runSetup('team', ['add', '--tenant', 'x', '--name', 'T', '--skills', 'krankgeld'])).toBe(
        2,
      );
      expect(await runSetup('tenant', ['add', '--slug', 'x1', '--name', 'X', '--land', 'XX'])).toBe(2);
      expect(await runSetup('tenant', ['add', '--slug', 'x1', '--bogus'])).toBe(2);
      expect(await runSetup('team', ['update', '--tenant', 'x', '--name', 'T'])).toBe(2);
      expect(await runSetup('user', ['update', '--email', 'a@b.de', '--team', 'T', '--no-team'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr.join('')).toMatch(/--role must be one of sachbearbeitung, teamleitung, administration/);
    expect(stderr.join('')).toMatch(/unknown topics in --skills: krankgeld/);
    expect(stderr.join('')).toMatch(/--land must be one of/);
    expect(stderr.join('')).toMatch(/Unknown option '--bogus'/);
    expect(stderr.join('')).toMatch(/nothing to change: give --rename or --skills/);
    expect(stderr.join('')).toMatch(/--team and --no-team exclude each other/);
  });
});

describe('keeping a Kasse administrable', () => {
  it('refuses to disable or demote its last administration account, and resets a lost password', async () => {
    const tenant = await createTenant(env.db, { slug: 'bkk-fuenf', name: 'BKK Fünf', land: 'BY' }, operator);
    const email = 'admin@bkk-fuenf.example';
    await createUser(
      env.db,
      tenant,
      { email, displayName: 'Ada Admin', role: 'administration', team: null, password: PASSWORD },
      operator,
    );
    await expect(setAccountBlocked(env.db, { email }, true, operator)).rejects.toMatchObject({
      code: 'CONFLICT',
      userMessage: expect.stringMatching(/letzte aktive Konto der Administration/),
    });
    await expect(changeUser(env.db, { email }, { role: 'teamleitung' }, operator)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // A team change alone is no demotion: the last administration account may move.
    await createTeam(env.db, tenant, { name: 'Verwaltung', skills: [] }, operator);
    await expect(
      changeUser(env.db, { email }, { team: { name: 'Verwaltung' } }, operator),
    ).resolves.toMatchObject({ role: 'administration' });

    // The way back in when the password is lost: a new start password; the old one and its sessions end.
    const cookie = await loginCookie(env.app, email, PASSWORD);
    const { password } = await resetPassword(env.db, { email }, operator);
    expect(password).not.toBe(PASSWORD);
    expect((await env.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    await expect(loginCookie(env.app, email, PASSWORD)).rejects.toThrow(/401/);
    await expect(loginCookie(env.app, email, password)).resolves.toMatch(/^vorrang_session=/);

    // A password set over a hash that has changed meanwhile is not set (a reset wins over a change).
    const user = await findUserByEmail(env.db, email);
    const replaced = await withTenant(env.db, tenant.id, (trx) =>
      setPasswordHash(trx, user!.id, 'scrypt$stale', { replacing: 'scrypt$not-the-stored-one' }),
    );
    expect(replaced).toBe(false);
    await expect(loginCookie(env.app, email, password)).resolves.toMatch(/^vorrang_session=/);
  });
});
