/**
 * Staff corrections as training data. A case worker who changes topic or class leaves an override; the
 * export (JSON lines) becomes extra training examples for `vorrang triage train --overrides FILE`.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { CHANNELS, SENDER_KINDS, type Channel, type SenderKind } from '../shared/channels.js';
import { PRIORITY_CLASSES, TOPIC_SLUGS, type PriorityClass, type TopicSlug } from '../shared/taxonomy.js';
import type { TrainingExample } from './train.js';

export interface StaffOverride {
  text: string;
  subject?: string | undefined;
  /** The concern's sender kind and channel (features of the model, like the text). */
  sender?: SenderKind | undefined;
  channel?: Channel | undefined;
  topic: TopicSlug;
  priorityClass: PriorityClass;
  /** Why staff corrected the triage; kept for the record, not used as a feature. */
  reason: string;
}

/** An override counts twice: staff corrected the model on purpose. */
export const OVERRIDE_WEIGHT = 2;

const overrideSchema = z.object({
  text: z.string().trim().min(1),
  subject: z.string().optional(),
  sender: z.enum(SENDER_KINDS).optional(),
  channel: z.enum(CHANNELS).optional(),
  topic: z.enum(TOPIC_SLUGS as [TopicSlug, ...TopicSlug[]]),
  priorityClass: z.enum(PRIORITY_CLASSES),
  reason: z.string(),
});

/**
 * Overrides to training examples. When the same text (and subject) was corrected more than once, the last
 * correction wins; the output keeps the order of first appearance, so it is stable.
 */
export function overridesToExamples(overrides: readonly StaffOverride[]): TrainingExample[] {
  const byKey = new Map<string, StaffOverride>();
  for (const o of overrides) byKey.set(`${o.subject ?? ''}\u0000${o.text}`, o);
  return [...byKey.values()].map((o, i) => ({
    id: `override:${i}`,
    text: o.text,
    ...(o.subject ? { subject: o.subject } : {}),
    ...(o.sender && { sender: o.sender }),
    ...(o.channel && { channel: o.channel }),
    topic: o.topic,
    priorityClass: o.priorityClass,
    weight: OVERRIDE_WEIGHT,
  }));
}

/** Parses an overrides JSONL text; throws with the line number on the first bad line. */
export function parseOverrides(jsonl: string, where = 'overrides'): StaffOverride[] {
  const out: StaffOverride[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new Error(`${where}:${i + 1}: not valid JSON`);
    }
    const parsed = overrideSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${where}:${i + 1}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'}`,
      );
    }
    out.push(parsed.data);
  });
  return out;
}

/**
 * Overrides as JSON lines, the format `parseOverrides` reads (one object per line, a final newline when
 * there is any line). An empty subject is left out.
 */
export function formatOverrides(overrides: readonly StaffOverride[]): string {
  return overrides
    .map(
      (o) =>
        `${JSON.stringify({
          text: o.text,
          ...(o.subject ? { subject: o.subject } : {}),
          ...(o.sender && { sender: o.sender }),
          ...(o.channel && { channel: o.channel }),
          topic: o.topic,
          priorityClass: o.priorityClass,
          reason: o.reason,
        })}\n`,
    )
    .join('');
}

export function readOverridesFile(file: string): StaffOverride[] {
  return parseOverrides(fs.readFileSync(file, 'utf8'), file);
}
