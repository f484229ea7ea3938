/** Maps concerns to API shapes. Only these fields leave the server; internal columns never do. */
import type { HistoryEntry } from '../audit/audit.repository.js';
import { topicInfo } from '../shared/taxonomy.js';
import type { Concern } from './concerns.repository.js';

export function presentSummary(c: Concern, viewerId: string) {
  return {
    reference: c.reference,
    subject: c.subject,
    channel: c.channel,
    senderKind: c.sender.kind,
    status: c.status,
    topic: c.topic,
    topicLabel: topicInfo(c.topic).label,
    priorityClass: c.priorityClass,
    confidence: c.confidence,
    reasons: c.reasons,
    language: c.language,
    receivedAt: c.receivedAt.toISOString(),
    receivedAtSource: c.receivedAtSource,
    dueAt: c.earliestDueAt ? c.earliestDueAt.toISOString() : null,
    claimedBy: c.claimedByName,
    claimedByMe: c.claimedBy === viewerId,
    interimNoticeDueAt:
      c.interimNoticeDueAt && !c.interimNoticeSentAt ? c.interimNoticeDueAt.toISOString() : null,
    interimNoticeSentAt: c.interimNoticeSentAt ? c.interimNoticeSentAt.toISOString() : null,
    leaseExpiresAt: c.leaseExpiresAt ? c.leaseExpiresAt.toISOString() : null,
  };
}

export function presentDetail(
  c: Concern,
  viewerId: string,
  history: HistoryEntry[],
  abilities: Record<string, boolean>,
) {
  return {
    ...presentSummary(c, viewerId),
    text: c.text,
    deadlines: c.deadlines,
    receivedAtNote: c.receivedAtNote,
    recordedAt: c.recordedAt.toISOString(),
    sender: c.sender,
    forwardedTo: c.forwardedTo,
    triageVersion: c.triageVersion,
    triageOverridden: c.triageOverridden,
    history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
    abilities,
  };
}
