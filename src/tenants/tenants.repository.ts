/**
 * Tenant look-ups by slug happen before any tenant is known (public pages, the intake API), so they run
 * as the owner role, outside row-level security. They return only the tenant's public face.
 */
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

export async function findTeamByName(trx: Tx, name: string): Promise<Team | undefined> {
  return trx.selectFrom('teams').select(['id', 'name', 'skills']).where('name', '=', name).executeTakeFirst();
}
