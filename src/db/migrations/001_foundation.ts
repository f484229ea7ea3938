import { sql, type Kysely } from 'kysely';

const TENANT_TABLES = ['teams', 'users', 'sessions', 'concerns', 'audit_events'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The application role: cluster-wide, so it may exist already (a second database, or created by a DBA).
  await sql`
    do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'vorrang_app') then
        create role vorrang_app nologin;
      end if;
    end $$`.execute(db);

  await sql`
    create table tenants (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text not null,
      land char(2) not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table teams (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      skills text[] not null default '{}',
      created_at timestamptz not null default now(),
      unique (tenant_id, name)
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      email text not null,
      display_name text not null,
      password_hash text not null,
      role text not null check (role in ('sachbearbeitung', 'teamleitung', 'administration')),
      team_id uuid references teams(id),
      disabled boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
  // Staff log in with e-mail and password alone, so an address names one account across all Kassen.
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      tenant_id uuid not null references tenants(id),
      user_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_expires_idx on sessions (expires_at)`.execute(db);

  await sql`
    create table concerns (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      reference text not null,
      channel text not null check (channel in ('web', 'email', 'letter', 'phone_note', 'chat', 'api', 'edge')),
      sender_kind text not null check (sender_kind in ('insured', 'relative', 'employer', 'provider')),
      sender_name text,
      contact_email text,
      contact_phone text,
      kvnr text,
      ik text,
      betriebsnummer text,
      subject text not null,
      body text not null,
      received_at timestamptz not null,
      received_at_source text not null check (received_at_source in ('system', 'backdated')),
      received_at_note text,
      recorded_at timestamptz not null default now(),
      recorded_by uuid references users(id),
      status text not null default 'neu'
        check (status in ('neu', 'in_bearbeitung', 'wartet', 'erledigt', 'weitergeleitet')),
      topic text not null,
      priority_class text not null check (priority_class in ('P1', 'P2', 'P3', 'P4')),
      class_rank smallint not null check (class_rank between 1 and 4),
      triage_confidence real not null,
      triage_reasons jsonb not null,
      triage_version text not null,
      triage_overridden boolean not null default false,
      language text not null,
      deadlines jsonb not null default '[]',
      earliest_due_at timestamptz,
      team_id uuid references teams(id),
      claimed_by uuid references users(id),
      lease_expires_at timestamptz,
      forwarded_to text,
      idempotency_key text,
      request_hash text,
      updated_at timestamptz not null default now(),
      completed_at timestamptz,
      unique (tenant_id, reference),
      unique (tenant_id, idempotency_key)
    )`.execute(db);
  // The stored work order: class, then the earliest legal deadline (least slack), then age. Only
  // unclaimed items are in it, so a claim never has to step over items others already hold.
  await sql`
    create index concerns_queue_idx on concerns
      (tenant_id, class_rank, earliest_due_at asc nulls last, received_at, id)
      where status = 'neu'`.execute(db);
  // Claimed items, by lease end: finds the few whose lease ran out.
  await sql`
    create index concerns_lease_idx on concerns (tenant_id, lease_expires_at)
      where status = 'in_bearbeitung'`.execute(db);
  await sql`create index concerns_claimed_idx on concerns (tenant_id, claimed_by) where claimed_by is not null`.execute(
    db,
  );

  await sql`
    create table audit_events (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      at timestamptz not null default now(),
      actor_id uuid references users(id),
      actor_label text not null,
      action text not null,
      subject_type text not null,
      subject_id uuid,
      before jsonb,
      after jsonb,
      reason text
    )`.execute(db);
  await sql`create index audit_subject_idx on audit_events (tenant_id, subject_id, at)`.execute(db);

  // Row-level security: a statement running as vorrang_app sees and writes only its own Kasse's rows.
  await sql`alter table tenants enable row level security`.execute(db);
  await sql`
    create policy tenant_isolation on tenants
      using (id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)`.execute(db);
  for (const table of TENANT_TABLES) {
    await sql.raw(`alter table ${table} enable row level security`).execute(db);
    await sql
      .raw(
        `create policy tenant_isolation on ${table}
           using (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)
           with check (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)`,
      )
      .execute(db);
  }

  await sql`grant usage on schema public to vorrang_app`.execute(db);
  await sql`grant select on tenants to vorrang_app`.execute(db);
  await sql`grant select, insert, update, delete on teams, users, sessions, concerns to vorrang_app`.execute(
    db,
  );
  // The audit log is append-only for the application.
  await sql`grant select, insert on audit_events to vorrang_app`.execute(db);
}
