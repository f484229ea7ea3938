import { sql, type Kysely } from 'kysely';

/**
 * The dispatch policy's stored index. The queue of claimable concerns lives in its own narrow table,
 * `work_queue`, one row per concern with status `neu`, holding the dispatch score (higher = sooner). The
 * rescoring job rewrites scores as time passes; keeping them out of the wide, many-indexed concerns table
 * makes that a cheap update. `interim_notice_due_at` marks a concern whose deadline cannot be met with the
 * staff on hand: a reasoned Zwischennachricht is due by then.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table concerns
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
    create table work_queue (
      concern_id uuid primary key references concerns(id) on delete cascade,
      tenant_id uuid not null references tenants(id),
      score double precision not null,
      team_id uuid,
      priority_class text not null,
      topic text not null
    ) with (fillfactor = 80)`.execute(db);
  await sql`create index work_queue_order_idx on work_queue (tenant_id, score desc, concern_id)`.execute(db);
  await sql`
    insert into work_queue (concern_id, tenant_id, score, team_id, priority_class, topic)
    select id, tenant_id, 0, team_id, priority_class, topic from concerns where status = 'neu'`.execute(db);

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
      pbar_hours double precision,
      -- The dashboard's slow aggregates (backlog mix, daily flow, forecast), refreshed with each run.
      snapshot jsonb,
      snapshot_at timestamptz
    )`.execute(db);

  for (const table of ['work_queue', 'dispatch_runs']) {
    await sql.raw(`alter table ${table} enable row level security`).execute(db);
    await sql
      .raw(
        `create policy tenant_isolation on ${table}
           using (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)
           with check (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)`,
      )
      .execute(db);
  }
  await sql`grant select, insert, update, delete on work_queue to vorrang_app`.execute(db);
  await sql`grant select, insert, update on dispatch_runs to vorrang_app`.execute(db);
}
