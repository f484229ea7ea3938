/**
 * Tenant look-ups by slug happen before any tenant is known (public pages, the intake API), so they run
 * as the owner role, outside row-level security. They return only the tenant's public face.
 */
import type { Db } from '../db/database.js';
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
