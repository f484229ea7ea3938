import { sql } from 'kysely';
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

let a: Tenant;
let b: Tenant;
let refB: string;
const triage = new ScriptedTriage(new KeywordTriage());
const env = useTestApp(triage);

beforeAll(async () => {
  a = await createTenant(env.db, { slug: 'kasse-a' });
  b = await createTenant(env.db, { slug: 'kasse-b' });
  await buildConcern(env.db, a, triage, { topic: 'krankengeld', priorityClass: 'P2' });
  refB = await buildConcern(env.db, b, triage, { topic: 'pflegegeld', priorityClass: 'P2' });
});

describe('tenant isolation', () => {
  it('row-level security hides and protects other Kassen’s rows even from raw SQL', async () => {
    const seen = await withTenant(env.db, a.id, (trx) =>
      trx.selectFrom('concerns').select('tenant_id').execute(),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.tenant_id === a.id)).toBe(true);
    const rawCount = await withTenant(env.db, a.id, async (trx) => {
      const r = await sql<{
        n: number;
      }>`select count(*)::int as n from concerns where tenant_id = ${b.id}`.execute(trx);
      return r.rows[0]?.n;
    });
    expect(rawCount).toBe(0);
    const updated = await withTenant(env.db, a.id, async (trx) => {
      const r = await trx
        .updateTable('concerns')
        .set({ subject: 'gehackt' })
        .where('tenant_id', '=', b.id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
    expect(updated).toBe(0);
    await expect(
      withTenant(env.db, a.id, (trx) =>
        trx
          .insertInto('audit_events')
          .values({
            tenant_id: b.id,
            actor_label: 'x',
            action: 'x',
            subject_type: 'concern',
            before: null,
            after: null,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security|violates/);
  });

  it('lets no account or concern join a team of another Kasse, even past row-level security', async () => {
    const teamB = await createTeam(env.db, b, 'Team B', ['krankengeld']);
    const staffA = await createStaff(env.db, a);
    // As the owner role, outside row-level security: only the composite foreign key stands in the way.
    await expect(
      env.db.updateTable('users').set({ team_id: teamB }).where('id', '=', staffA.id).execute(),
    ).rejects.toThrow(/users_team_fkey/);
    await expect(
      env.db.updateTable('concerns').set({ team_id: teamB }).where('tenant_id', '=', a.id).execute(),
    ).rejects.toThrow(/concerns_team_fkey/);
    // Within the Kasse it works as before.
    const teamA = await createTeam(env.db, a, 'Team A', ['krankengeld']);
    await env.db.updateTable('users').set({ team_id: teamA }).where('id', '=', staffA.id).execute();
  });

  it('keeps the audit log append-only for the application role', async () => {
    await expect(withTenant(env.db, a.id, (trx) => trx.deleteFrom('audit_events').execute())).rejects.toThrow(
      /permission denied/,
    );
  });

  it('answers a concern of another Kasse with 404, as if it did not exist', async () => {
    const staffA = await createStaff(env.db, a);
    const cookie = await loginCookie(env.app, staffA.email);
    const res = await env.app.inject({ url: `/api/v1/concerns/${refB}`, headers: { cookie } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('CONCERN_NOT_FOUND');
    const claim = await env.app.inject({
      method: 'POST',
      url: `/api/v1/concerns/${refB}/claim`,
      headers: { cookie },
    });
    expect(claim.statusCode).toBe(404);
  });
});

describe('authentication and roles', () => {
  it('requires a session for staff endpoints', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/worklist'],
      ['POST', '/api/v1/worklist/claim'],
      ['GET', `/api/v1/concerns/${refB}`],
      ['POST', `/api/v1/concerns/${refB}/complete`],
    ] as const) {
      const res = await env.app.inject({ method, url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps Administration away from social data', async () => {
    const admin = await createStaff(env.db, a, { role: 'administration' });
    const cookie = await loginCookie(env.app, admin.email);
    expect((await env.app.inject({ url: '/api/v1/worklist', headers: { cookie } })).statusCode).toBe(403);
    expect((await env.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json().role).toBe(
      'administration',
    );
  });

  it('refuses wrong passwords with one message and sets a hardened cookie on success', async () => {
    const s = await createStaff(env.db, a);
    const wrong = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: s.email, password: 'falsch' },
    });
    const unknown = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'niemand@x.example', password: 'falsch' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error).toMatchObject({ code: 'LOGIN_FAILED', message: wrong.json().error.message });
    const ok = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: s.email.toUpperCase(), password: s.password },
    });
    expect(ok.statusCode).toBe(200);
    const cookie = ok.cookies.find((c) => c.name === 'vorrang_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const session = `vorrang_session=${cookie!.value}`;
    expect(
      (await env.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: session } }))
        .statusCode,
    ).toBe(204);
    expect((await env.app.inject({ url: '/api/v1/worklist', headers: { cookie: session } })).statusCode).toBe(
      401,
    );
  });

  it('logs reads of a concern in the audit log but not in its history', async () => {
    const s = await createStaff(env.db, b);
    const cookie = await loginCookie(env.app, s.email);
    const res = await env.app.inject({ url: `/api/v1/concerns/${refB}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json().history.some((h: { action: string }) => h.action === 'concern.read')).toBe(false);
    const reads = await withTenant(env.db, b.id, (trx) =>
      trx.selectFrom('audit_events').select('actor_id').where('action', '=', 'concern.read').execute(),
    );
    expect(reads.some((r) => r.actor_id === s.id)).toBe(true);
  });
});
