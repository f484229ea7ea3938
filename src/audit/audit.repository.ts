import { sql } from 'kysely';
import type { Queryable, Tx } from '../db/database.js';

export interface Actor {
  /** null for the public and for the system itself. */
  userId: string | null;
  label: string;
}

/** A staff member as the actor of an audit event. */
export const staffActor = (userId: string, displayName: string): Actor => ({ userId, label: displayName });

export const PUBLIC_ACTOR: Actor = { userId: null, label: 'Öffentliche Annahme' };
export const SYSTEM_ACTOR: Actor = { userId: null, label: 'System' };

export interface AuditEvent {
  tenantId: string;
  actor: Actor;
  action: string;
  subjectType: 'concern' | 'user' | 'team' | 'session' | 'tenant';
  subjectId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

/** Appends one event inside the caller's transaction, so a rolled-back change leaves no event behind. */
export async function recordEvent(trx: Tx, event: AuditEvent): Promise<void> {
  await recordEvents(trx, [event]);
}

/** Appends events with one array parameter per column (one parse and plan however many there are). */
export async function recordEvents(trx: Tx, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const col = <T>(f: (e: AuditEvent) => T): T[] => events.map(f);
  const json = (v: Record<string, unknown> | null | undefined) => (v ? JSON.stringify(v) : null);
  await sql`
    insert into audit_events (tenant_id, actor_id, actor_label, action, subject_type, subject_id, before, after, reason)
    select * from unnest(
      ${col((e) => e.tenantId)}::uuid[], ${col((e) => e.actor.userId)}::uuid[], ${col((e) => e.actor.label)}::text[],
      ${col((e) => e.action)}::text[], ${col((e) => e.subjectType)}::text[], ${col((e) => e.subjectId)}::uuid[],
      ${col((e) => json(e.before))}::jsonb[], ${col((e) => json(e.after))}::jsonb[],
      ${col((e) => e.reason ?? null)}::text[])`.execute(trx);
}

export interface HistoryEntry {
  at: Date;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

/** The change history of one subject, oldest first. Reads are logged too but not part of the history. */
export async function historyOf(db: Queryable, subjectId: string): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['at', 'actor_label', 'action', 'before', 'after', 'reason'])
    .where('subject_id', '=', subjectId)
    .where('action', 'not like', '%.read')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor_label,
    action: r.action,
    before: r.before,
    after: r.after,
    reason: r.reason,
  }));
}
