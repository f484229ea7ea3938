/**
 * SQL for the staff overrides of a Kasse: concerns whose triage staff corrected, with the reason of the
 * latest correction. Runs inside `withTenant`, so row-level security keeps it to that Kasse.
 */
import type { Queryable } from '../db/database.js';
import type { Channel, SenderKind } from '../shared/channels.js';
import type { PriorityClass, TopicSlug } from '../shared/taxonomy.js';

export interface OverriddenConcern {
  concernId: string;
  subject: string;
  text: string;
  sender: SenderKind;
  channel: Channel;
  /** The concern's current topic and class, i.e. what staff set. */
  topic: TopicSlug;
  priorityClass: PriorityClass;
  /** Reason of the latest `concern.reclassified` event ('' if the event has none). */
  reason: string;
  reclassifiedAt: Date;
}

/**
 * Overridden concerns, each with its latest reclassification; with `since`, only those whose latest
 * reclassification happened at or after it. Ordered by the time of that event, then its id, so two
 * exports of the same data give the same lines in the same order.
 */
export async function listOverriddenConcerns(
  db: Queryable,
  opts: { since?: Date | undefined } = {},
): Promise<OverriddenConcern[]> {
  let query = db
    .selectFrom('concerns as c')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('audit_events as e')
          .select(['e.id', 'e.at', 'e.reason'])
          .whereRef('e.tenant_id', '=', 'c.tenant_id')
          .whereRef('e.subject_id', '=', 'c.id')
          .where('e.action', '=', 'concern.reclassified')
          .orderBy('e.at', 'desc')
          .orderBy('e.id', 'desc')
          .limit(1)
          .as('ev'),
      (join) => join.onTrue(),
    )
    .select([
      'c.id',
      'c.subject',
      'c.body',
      'c.sender_kind',
      'c.channel',
      'c.topic',
      'c.priority_class',
      'ev.id as event_id',
      'ev.at as event_at',
      'ev.reason',
    ])
    .where('c.triage_overridden', '=', true);
  if (opts.since) query = query.where('ev.at', '>=', opts.since);
  const rows = await query.orderBy('ev.at').orderBy('ev.id').execute();
  return rows.map((r) => ({
    concernId: r.id,
    subject: r.subject,
    text: r.body,
    sender: r.sender_kind as SenderKind,
    channel: r.channel as Channel,
    topic: r.topic as TopicSlug,
    priorityClass: r.priority_class,
    reason: r.reason ?? '',
    reclassifiedAt: r.event_at,
  }));
}
