import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withTenant } from '../../src/db/database.js';
import { seedDemo } from '../../src/demo/seed.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { loginCookie, testApp } from '../support/factories.js';
import { useTestDatabase } from '../support/harness.js';

const env = useTestDatabase();

describe('demo Kasse', () => {
  it('seeds once, queues exactly the open items, and lets the demo team lead log in', async () => {
    const triage = new KeywordTriage();
    const first = await seedDemo(env.db, { size: 300, triage });
    expect(first).toMatchObject({ created: true, concerns: 300 });
    expect(first.accounts.map((a) => a.email)).toContain('teamleitung@demo.example');
    expect((await seedDemo(env.db, { size: 300, triage })).created).toBe(false);

    const tenant = await env.db
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', 'demo')
      .executeTakeFirstOrThrow();
    const counts = await withTenant(env.db, tenant.id, async (trx) => {
      const r = await sql<{ neu: number; queued: number; done: number; audit: number }>`
        select (select count(*)::int from concerns where status = 'neu') as neu,
               (select count(*)::int from work_queue) as queued,
               (select count(*)::int from concerns where status = 'erledigt') as done,
               (select count(*)::int from audit_events where action = 'concern.created') as audit`.execute(
        trx,
      );
      return r.rows[0]!;
    });
    expect(counts.done).toBeGreaterThan(0);
    expect(counts.queued).toBe(counts.neu);
    expect(counts.neu + counts.done).toBe(300);
    expect(counts.audit).toBe(300);

    const app = await testApp(env.db, triage);
    const cookie = await loginCookie(app, 'teamleitung@demo.example', 'demo');
    const list = (await app.inject({ url: '/api/v1/worklist?limit=500', headers: { cookie } })).json();
    expect(list.total).toBe(counts.neu);
    expect(list.items.every((i: { status: string }) => i.status === 'neu')).toBe(true);
    await app.close();
  });
});
