import type { Queryable, Tx } from '../db/database.js';

export interface Actor {
  /** null for the public and for the system itself. */
  userId: string | null;
  label: string;
}

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

export async function recordEvents(trx: Tx, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('audit_events')
    .values(
      events.map((event) => ({
        tenant_id: event.tenantId,
        actor_id: event.actor.userId,
        actor_label: event.actor.label,
        action: event.action,
        subject_type: event.subjectType,
        subject_id: event.subjectId,
        before: event.before ? JSON.stringify(event.before) : null,
        after: event.after ? JSON.stringify(event.after) : null,
        reason: event.reason ?? null,
      })),
    )
    .execute();
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
