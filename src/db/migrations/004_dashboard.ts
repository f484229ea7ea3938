import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the Teamleitung dashboard, so its aggregates over a million concerns read narrow indexes
 * instead of the table: open items by class, topic and age (index-only), deadlines and interim notices by
 * due time, and daily throughput by completion and receipt time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index concerns_open_mix_idx on concerns (tenant_id, priority_class, topic, received_at)
      where status in ('neu', 'in_bearbeitung', 'wartet')`.execute(db);
  await sql`
    create index concerns_open_due_idx on concerns (tenant_id, earliest_due_at)
      where status in ('neu', 'in_bearbeitung', 'wartet') and earliest_due_at is not null`.execute(db);
  await sql`
    create index concerns_notice_idx on concerns (tenant_id, interim_notice_due_at)
      where interim_notice_due_at is not null and interim_notice_sent_at is null`.execute(db);
  await sql`create index concerns_completed_idx on concerns (tenant_id, completed_at, priority_class) where completed_at is not null`.execute(
    db,
  );
  await sql`create index concerns_received_idx on concerns (tenant_id, received_at, priority_class)`.execute(
    db,
  );
}
