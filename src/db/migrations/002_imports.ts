import { sql, type Kysely } from 'kysely';

/**
 * Bulk import of a legacy backlog: import jobs with their committed progress, rejected rows, and the
 * idempotency key of every imported row: (tenant_id, source, external_id) in import_items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table imports (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      source text not null,
      format text not null check (format in ('csv', 'jsonl')),
      file_name text,
      file_sha256 text,
      status text not null default 'running' check (status in ('running', 'done', 'failed')),
      total_rows integer not null default 0,
      accepted integer not null default 0,
      duplicates integer not null default 0,
      rejected integer not null default 0,
      last_row integer not null default 0,
      last_line integer not null default 0,
      last_byte bigint not null default 0,
      bytes_total bigint,
      csv_header jsonb,
      error text,
      started_at timestamptz not null default now(),
      run_started_at timestamptz not null default now(),
      run_start_row integer not null default 0,
      updated_at timestamptz not null default now(),
      finished_at timestamptz,
      created_by uuid references users(id),
      created_by_label text not null,
      check (accepted + duplicates + rejected = total_rows),
      check (total_rows = last_row)
    )`.execute(db);
  await sql`create index imports_recent_idx on imports (tenant_id, started_at desc)`.execute(db);
  await sql`create index imports_file_idx on imports (tenant_id, file_sha256, source)`.execute(db);

  await sql`
    create table import_rejections (
      import_id uuid not null references imports(id),
      tenant_id uuid not null references tenants(id),
      row_number integer not null,
      line_number integer not null,
      external_id text,
      reason text not null,
      raw text not null,
      primary key (import_id, row_number)
    )`.execute(db);

  // One row per imported legacy record. Its primary key is the idempotency key of the import: a record
  // with the same external id from the same source is never taken in twice for one Kasse.
  await sql`
    create table import_items (
      tenant_id uuid not null references tenants(id),
      source text not null,
      external_id text not null,
      content_hash text not null,
      import_id uuid not null references imports(id),
      row_number integer not null,
      concern_id uuid references concerns(id),
      primary key (tenant_id, source, external_id)
    )`.execute(db);
  await sql`create index import_items_concern_idx on import_items (concern_id)`.execute(db);

  for (const table of ['imports', 'import_rejections', 'import_items']) {
    await sql.raw(`alter table ${table} enable row level security`).execute(db);
    await sql
      .raw(
        `create policy tenant_isolation on ${table}
           using (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)
           with check (tenant_id = nullif(current_setting('vorrang.tenant_id', true), '')::uuid)`,
      )
      .execute(db);
  }
  await sql`grant select, insert, update on imports, import_items to vorrang_app`.execute(db);
  await sql`grant select, insert on import_rejections to vorrang_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table import_items`.execute(db);
  await sql`drop table import_rejections`.execute(db);
  await sql`drop table imports`.execute(db);
}
