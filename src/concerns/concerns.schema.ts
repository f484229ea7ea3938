import { z } from 'zod';
import { CHANNELS, SENDER_KINDS } from '../shared/channels.js';
import { PRIORITY_CLASSES, TOPIC_SLUGS } from '../shared/taxonomy.js';

const trimmed = (max: number) => z.string().trim().max(max);
/** Text people typed: control characters other than line breaks and tabs are dropped, not rejected. */
const freeText = (min: number, max: number) =>
  z
    .string()
    .transform((s) =>
      s
        .replace(/\r\n?/g, '\n')
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
        .trim(),
    )
    .pipe(z.string().min(min).max(max));

export const senderSchema = z.object({
  kind: z.enum(SENDER_KINDS),
  name: trimmed(200).optional(),
  email: z.string().trim().max(254).email().optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9 +()/-]*$/, 'Nur Ziffern, Leerzeichen und + ( ) / -')
    .optional(),
  kvnr: trimmed(20).optional(),
  ik: trimmed(20).optional(),
  betriebsnummer: trimmed(20).optional(),
});

export const createConcernBody = z
  .object({
    channel: z.enum(CHANNELS).default('api'),
    sender: senderSchema,
    subject: freeText(1, 200),
    text: freeText(1, 50_000),
    receivedAt: z.string().datetime({ offset: true }).optional(),
    receivedAtNote: freeText(3, 500).optional(),
  })
  .strict();
export type CreateConcernBody = z.infer<typeof createConcernBody>;

export const createConcernResponse = z.object({ reference: z.string(), receivedAt: z.string() });

export const referenceParams = z.object({ reference: z.string().min(1).max(40) });
export const tenantParams = z.object({ tenant: z.string().min(1).max(63) });

export const reasonSchema = z.object({ kind: z.string(), text: z.string() });
export const deadlineSchema = z.object({
  kind: z.string(),
  label: z.string(),
  legalBasis: z.string(),
  startedBy: z.string(),
  length: z.string(),
  dueAt: z.string(),
  dueDate: z.string(),
  interimNoticeBy: z.string().nullable(),
  consequence: z.string(),
});

export const concernSummary = z.object({
  reference: z.string(),
  subject: z.string(),
  channel: z.enum(CHANNELS),
  senderKind: z.enum(SENDER_KINDS),
  status: z.enum(['neu', 'in_bearbeitung', 'wartet', 'erledigt', 'weitergeleitet']),
  topic: z.enum(TOPIC_SLUGS as [string, ...string[]]),
  topicLabel: z.string(),
  priorityClass: z.enum(PRIORITY_CLASSES),
  confidence: z.number(),
  reasons: z.array(reasonSchema),
  language: z.string(),
  receivedAt: z.string(),
  receivedAtSource: z.enum(['system', 'backdated']),
  dueAt: z.string().nullable(),
  claimedBy: z.string().nullable(),
  claimedByMe: z.boolean(),
  /** Set when the deadline cannot be met with the staff on hand: a Zwischennachricht is due by then. */
  interimNoticeDueAt: z.string().nullable(),
  interimNoticeSentAt: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
});

export const historyEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
});

export const concernDetail = concernSummary.extend({
  text: z.string(),
  deadlines: z.array(deadlineSchema),
  receivedAtNote: z.string().nullable(),
  recordedAt: z.string(),
  sender: z.object({
    kind: z.enum(SENDER_KINDS),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    kvnr: z.string().nullable(),
    ik: z.string().nullable(),
    betriebsnummer: z.string().nullable(),
  }),
  forwardedTo: z.string().nullable(),
  triageVersion: z.string(),
  triageOverridden: z.boolean(),
  history: z.array(historyEntrySchema),
  abilities: z.record(z.string(), z.boolean()),
});

export const reclassifyBody = z
  .object({
    topic: z.enum(TOPIC_SLUGS as [string, ...string[]]).optional(),
    priorityClass: z.enum(PRIORITY_CLASSES).optional(),
    reason: freeText(5, 1000),
  })
  .strict()
  .refine((b) => b.topic !== undefined || b.priorityClass !== undefined, {
    message: 'Bitte Thema oder Klasse angeben.',
    path: ['topic'],
  });

export const receivedAtBody = z
  .object({ receivedAt: z.string().datetime({ offset: true }), reason: freeText(5, 1000) })
  .strict();

export const forwardBody = z.object({ to: freeText(2, 200), reason: freeText(5, 1000) }).strict();
export const waitBody = z.object({ reason: freeText(3, 1000) }).strict();
export const completeBody = z.object({ note: freeText(0, 2000).optional() }).strict();
