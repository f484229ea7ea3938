import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { findTenantById, findTenantBySlug, type Tenant } from '../tenants/tenants.repository.js';
import type { Triage } from '../triage/triage.js';

export interface AppDeps {
  db: Db;
  config: Config;
  triage: Triage;
  tenants: TenantCache;
  /** Per-IP limit for anonymous intake; false switches it off (benchmarks on loopback). */
  publicRateLimit: { max: number; timeWindow: number } | false;
}

/** Tenants change rarely and are read on every request; keep them for a minute. */
export class TenantCache {
  private readonly bySlugMap = new Map<string, { tenant: Tenant | undefined; at: number }>();
  private readonly byIdMap = new Map<string, { tenant: Tenant | undefined; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 60_000,
  ) {}

  async bySlug(slug: string): Promise<Tenant | undefined> {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) return undefined;
    const hit = this.bySlugMap.get(slug);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.tenant;
    const tenant = await findTenantBySlug(this.db, slug);
    this.bySlugMap.set(slug, { tenant, at: Date.now() });
    return tenant;
  }

  async byId(id: string): Promise<Tenant | undefined> {
    const hit = this.byIdMap.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.tenant;
    const tenant = await findTenantById(this.db, id);
    this.byIdMap.set(id, { tenant, at: Date.now() });
    return tenant;
  }
}
