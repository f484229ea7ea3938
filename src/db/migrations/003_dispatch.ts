import { sql, type Kysely } from 'kysely';

/**
 * The dispatch policy's stored index. `dispatch_score` (higher = sooner) replaces the class/deadline/age
 * key as the queue order; the rescoring job refreshes it as time passes. `interim_notice_due_at` marks a
 * concern whose deadline cannot be met with the staff on hand: a reasoned Zwischennachricht is due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table concerns
      add column dispatch_score double precision not null default 0,
      add column earliest_due_kind text,
      add column interim_notice_due_at timestamptz,
      add column interim_notice_sent_at timestamptz`.execute(db);
  await sql`
    update concerns c set earliest_due_kind = (
      select d->>'kind' from jsonb_array_elements(c.deadlines) d
      where (d->>'dueAt')::timestamptz = c.earliest_due_at limit 1)
    where c.earliest_due_at is not null`.execute(db);
  await sql`drop index concerns_queue_idx`.execute(db);
  await sql`
    create index concerns_dispatch_idx on concerns (tenant_id, dispatch_score desc, id)
      where status = 'neu'`.execute(db);
  // Rescoring runs one at a time per Kasse, across all processes: a lease row per Kasse.
  await sql`
    create table dispatch_runs (
      tenant_id uuid primary key references tenants(id),
      locked_until timestamptz not null default '-infinity',
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_items integer,
      last_notices integer,
      last_ms integer,
      -- p̄ of the ATC index for this Kasse: hours the team needs to work off its queue (see dispatch.service).
      pbar_hours double precision
    )`.execute(db);
  await sql`alter table dispatch_runs enable row level security`.execute(db);
  await sql`
    create policy tenant_isolation on dispatch_runs
      using (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)`.execute(db);
  await sql`grant select, insert, update on dispatch_runs to vorrang_app`.execute(db);
}
