/**
 * Tenant look-ups by slug happen before any tenant is known (public pages, the intake API), so they run
 * as the owner role, outside row-level security. They return only the tenant's public face.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { Bundesland } from '../shared/taxonomy.js';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  land: Bundesland;
}

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select(['id', 'slug', 'name', 'land'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? { ...row, land: row.land as Bundesland } : undefined;
}

export async function findTenantById(db: Db, id: string): Promise<Tenant | undefined> {
  const row = await db
    .selectFrom('tenants')
    .select(['id', 'slug', 'name', 'land'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, land: row.land as Bundesland } : undefined;
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  const rows = await db
    .selectFrom('tenants')
    .select(['id', 'slug', 'name', 'land'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ ...r, land: r.land as Bundesland }));
}

export async function insertTenant(db: Db, t: Omit<Tenant, 'id'>): Promise<Tenant> {
  const row = await db
    .insertInto('tenants')
    .values({ slug: t.slug, name: t.name, land: t.land })
    .returning(['id', 'slug', 'name', 'land'])
    .executeTakeFirstOrThrow();
  return { ...row, land: row.land as Bundesland };
}

export interface Team {
  id: string;
  name: string;
  skills: string[];
}

/** A team of the tenant the transaction is bound to (withTenant). */
export async function insertTeam(trx: Tx, tenantId: string, t: Omit<Team, 'id'>): Promise<Team> {
  return trx
    .insertInto('teams')
    .values({ tenant_id: tenantId, name: t.name, skills: t.skills })
    .returning(['id', 'name', 'skills'])
    .executeTakeFirstOrThrow();
}

/**
 * How a look-up locks the team row until the transaction ends: `update` before the team changes or goes,
 * `keyShare` while something is attached to it (an account, concerns moved to it), so a removal running
 * at the same moment waits or is waited for, and never leaves a dangling reference.
 */
export type TeamLock = 'update' | 'keyShare' | null;

function teamQuery(trx: Tx, lock: TeamLock) {
  const q = trx.selectFrom('teams').select(['id', 'name', 'skills']);
  return lock === 'update' ? q.forUpdate() : lock === 'keyShare' ? q.forKeyShare() : q;
}

export async function findTeamByName(
  trx: Tx,
  name: string,
  lock: TeamLock = null,
): Promise<Team | undefined> {
  return teamQuery(trx, lock).where('name', '=', name).executeTakeFirst();
}

export async function findTeamById(trx: Tx, id: string, lock: TeamLock = null): Promise<Team | undefined> {
  return teamQuery(trx, lock).where('id', '=', id).executeTakeFirst();
}

export async function updateTeam(trx: Tx, id: string, t: Omit<Team, 'id'>): Promise<Team> {
  return trx
    .updateTable('teams')
    .set({ name: t.name, skills: t.skills })
    .where('id', '=', id)
    .returning(['id', 'name', 'skills'])
    .executeTakeFirstOrThrow();
}

/** How many enabled accounts, and open and closed concerns, belong to a team. */
export async function teamMembership(
  trx: Tx,
  id: string,
): Promise<{ accounts: number; openConcerns: number; closedConcerns: number }> {
  const r = await sql<{ accounts: number; open: number; closed: number }>`
    select (select count(*)::int from users where team_id = ${id} and not disabled) as accounts,
           (select count(*)::int from concerns where team_id = ${id} and status in ('neu', 'in_bearbeitung', 'wartet')) as open,
           (select count(*)::int from concerns where team_id = ${id} and status in ('erledigt', 'weitergeleitet')) as closed`.execute(
    trx,
  );
  const row = r.rows[0]!;
  return { accounts: row.accounts, openConcerns: row.open, closedConcerns: row.closed };
}

export interface TeamListing extends Team {
  /** Enabled accounts of the team. */
  accounts: number;
  openConcerns: number;
}

/** The teams of the transaction's tenant with their enabled accounts and open concerns. */
export async function listTeamsWithCounts(trx: Tx): Promise<TeamListing[]> {
  const r = await sql<{ id: string; name: string; skills: string[]; accounts: number; open: number }>`
    select t.id, t.name, t.skills,
           (select count(*)::int from users u where u.team_id = t.id and not u.disabled) as accounts,
           coalesce(q.open, 0)::int as open
      from teams t
      left join (select team_id, count(*) as open from concerns
                  where team_id is not null and status in ('neu', 'in_bearbeitung', 'wartet')
                  group by team_id) q
        on q.team_id = t.id
     order by t.created_at, t.id`.execute(trx);
  return r.rows.map((row) => ({
    id: row.id,
    name: row.name,
    skills: row.skills,
    accounts: row.accounts,
    openConcerns: row.open,
  }));
}

/**
 * Hands a team's concerns to another team (or to none: open to every case worker) and deletes the team.
 * Its queue rows move with its open concerns; disabled accounts keep no team.
 */
export async function deleteTeam(trx: Tx, id: string, moveTo: string | null): Promise<void> {
  await trx.updateTable('users').set({ team_id: null }).where('team_id', '=', id).execute();
  await trx.updateTable('work_queue').set({ team_id: moveTo }).where('team_id', '=', id).execute();
  await trx.updateTable('concerns').set({ team_id: moveTo }).where('team_id', '=', id).execute();
  await trx.deleteFrom('teams').where('id', '=', id).execute();
}
