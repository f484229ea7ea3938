/**
 * The concern lifecycle: intake with triage and legal clocks, reclassification, backdating and the work
 * states. Every change runs in one tenant transaction together with its audit event.
 */
import { createHash } from 'node:crypto';
import { recordEvent, staffActor, type Actor } from '../audit/audit.repository.js';
import { withTenant, type Db, type Tx } from '../db/database.js';
import { computeDeadlines, earliestDue } from '../deadlines/index.js';
import { AppError, type FieldIssue } from '../errors.js';
import type { Channel, SenderKind } from '../shared/channels.js';
import { classRank, type Bundesland, type PriorityClass, type TopicSlug } from '../shared/taxonomy.js';
import type { Tenant } from '../tenants/tenants.repository.js';
import type { Triage, TriageInput, TriageReason, TriageResult } from '../triage/triage.js';
import {
  findByIdempotencyKey,
  insertConcern,
  lockByReference,
  teamForTopic,
  updateConcern,
  type Concern,
  type NewConcern,
  type StoredDeadline,
} from './concerns.repository.js';
import { checkBetriebsnummer, checkIk, checkKvnr, normalizeIdentifier } from './identifiers.js';
import { generateReference, normalizeReference } from './reference.js';
import { currentPBarHours, scoreNow } from '../worklist/dispatch.service.js';

export interface IntakeInput {
  channel: Channel;
  sender: {
    kind: SenderKind;
    name?: string | undefined;
    email?: string | undefined;
    phone?: string | undefined;
    kvnr?: string | undefined;
    ik?: string | undefined;
    betriebsnummer?: string | undefined;
  };
  subject: string;
  text: string;
  /** Set only by staff, for items that arrived while systems were down. */
  receivedAt?: Date | undefined;
  receivedAtNote?: string | undefined;
}

export function storedDeadlines(
  topic: TopicSlug,
  receivedAt: Date,
  land: Bundesland,
): { deadlines: StoredDeadline[]; earliestDueAt: Date | null; earliestDueKind: string | null } {
  const list = computeDeadlines({ topic, receivedAt, land });
  const earliestDueAt = earliestDue(list, { actors: ['kasse'] });
  return {
    deadlines: list.map((d) => ({
      kind: d.kind,
      label: d.label,
      legalBasis: d.legalBasis,
      startedBy: d.startedBy,
      length: d.length,
      dueAt: d.dueAt.toISOString(),
      dueDate: d.dueDate,
      interimNoticeBy: d.interimNoticeBy ? d.interimNoticeBy.toISOString() : null,
      consequence: d.consequence,
    })),
    earliestDueAt,
    earliestDueKind: list.find((d) => d.dueAt.getTime() === earliestDueAt?.getTime())?.kind ?? null,
  };
}

/** Validates the identifiers; returns them normalised or throws one error listing every bad field. */
export function validateIdentifiers(sender: IntakeInput['sender']): {
  kvnr: string | null;
  ik: string | null;
  betriebsnummer: string | null;
  warnings: string[];
} {
  const fields: FieldIssue[] = [];
  const warnings: string[] = [];
  const kvnr = sender.kvnr ? normalizeIdentifier(sender.kvnr) : null;
  const ik = sender.ik ? normalizeIdentifier(sender.ik) : null;
  const bn = sender.betriebsnummer ? normalizeIdentifier(sender.betriebsnummer) : null;
  if (kvnr) {
    const e = checkKvnr(kvnr);
    if (e) fields.push({ field: 'sender.kvnr', message: e });
  }
  if (ik) {
    const e = checkIk(ik);
    if (e) fields.push({ field: 'sender.ik', message: e });
  }
  if (bn) {
    const r = checkBetriebsnummer(bn);
    if (r.error) fields.push({ field: 'sender.betriebsnummer', message: r.error });
    if (r.warning) warnings.push(r.warning);
  }
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  return { kvnr, ik, betriebsnummer: bn, warnings };
}

/** SHA-256 (hex) of what a concern says, in a fixed order: two inputs with the same hash are the same. */
export function requestHash(input: IntakeInput): string {
  const canonical = JSON.stringify([
    input.channel,
    input.sender.kind,
    input.sender.name ?? null,
    input.sender.email ?? null,
    input.sender.phone ?? null,
    input.sender.kvnr ?? null,
    input.sender.ik ?? null,
    input.sender.betriebsnummer ?? null,
    input.subject,
    input.text,
    input.receivedAt?.toISOString() ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface PreparedConcern extends NewConcern {
  triage: TriageResult;
}

/** What triage reads of a concern. */
export function triageInputOf(input: IntakeInput): TriageInput {
  return { text: input.text, subject: input.subject, sender: input.sender.kind, channel: input.channel };
}

/**
 * Everything about a new concern that needs no database: identifiers, clocks and the dispatch score, from
 * its triage result (triage runs first, one concern at a time or, in an import, a batch together).
 */
export function prepareConcern(
  tenant: Tenant,
  input: IntakeInput,
  result: TriageResult,
  actor: Actor,
  now: Date,
  idempotencyKey: string | null,
  pBarHours?: number,
): PreparedConcern {
  const ids = validateIdentifiers(input.sender);
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'receivedAt', message: 'Der Eingang kann nicht in der Zukunft liegen.' }],
    });
  }
  if (input.receivedAt && !input.receivedAtNote) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [
        { field: 'receivedAtNote', message: 'Bitte begründen Sie den abweichenden Eingangszeitpunkt.' },
      ],
    });
  }
  const clocks = storedDeadlines(result.topic, receivedAt, tenant.land);
  const reasons: TriageReason[] = [
    ...result.reasons,
    ...ids.warnings.map((w) => ({ kind: 'rule' as const, text: w })),
  ];
  return {
    triage: result,
    tenantId: tenant.id,
    reference: generateReference(),
    channel: input.channel,
    sender: {
      kind: input.sender.kind,
      name: input.sender.name ?? null,
      email: input.sender.email ?? null,
      phone: input.sender.phone ?? null,
      kvnr: ids.kvnr,
      ik: ids.ik,
      betriebsnummer: ids.betriebsnummer,
    },
    subject: input.subject,
    text: input.text,
    receivedAt,
    receivedAtSource: input.receivedAt ? 'backdated' : 'system',
    receivedAtNote: input.receivedAtNote ?? null,
    recordedBy: actor.userId,
    topic: result.topic,
    priorityClass: result.priorityClass,
    classRank: classRank(result.priorityClass),
    confidence: result.confidence,
    reasons,
    triageVersion: result.version,
    language: result.language,
    deadlines: clocks.deadlines,
    earliestDueAt: clocks.earliestDueAt,
    earliestDueKind: clocks.earliestDueKind,
    dispatchScore: scoreNow(
      {
        id: '',
        priorityClass: result.priorityClass,
        topic: result.topic,
        receivedAt,
        earliestDueAt: clocks.earliestDueAt,
        earliestDueKind: clocks.earliestDueKind,
        interimNoticeSentAt: null,
      },
      now,
      null,
      pBarHours,
    ),
    teamId: null,
    idempotencyKey,
    requestHash: idempotencyKey ? requestHash(input) : null,
  };
}

export interface IntakeResult {
  reference: string;
  receivedAt: Date;
  replayed: boolean;
}

/**
 * Takes in one concern. With an idempotency key, a repeat of the same request returns the first concern;
 * the same key with a different request is refused. Nothing is stored twice.
 */
export async function takeInConcern(
  db: Db,
  tenant: Tenant,
  input: IntakeInput,
  deps: { triage: Triage; actor: Actor; idempotencyKey?: string | undefined; now?: Date },
): Promise<IntakeResult> {
  const key = deps.idempotencyKey ?? null;
  const pBar = await currentPBarHours(db, tenant.id);
  const prepared = prepareConcern(
    tenant,
    input,
    deps.triage.classify(triageInputOf(input)),
    deps.actor,
    deps.now ?? new Date(),
    key,
    pBar,
  );
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTenant(db, tenant.id, async (trx) => {
        if (key) {
          const existing = await findByIdempotencyKey(trx, key);
          if (existing) return replay(existing, prepared);
        }
        const teamId = await teamForTopic(trx, prepared.topic);
        const id = await insertConcern(trx, { ...prepared, teamId });
        if (!id) {
          // A concurrent request with the same key won the insert; it has committed by now.
          const winner = key ? await findByIdempotencyKey(trx, key) : undefined;
          if (!winner) throw new AppError('CONFLICT', { message: 'idempotent insert lost without a winner' });
          return replay(winner, prepared);
        }
        await recordEvent(trx, {
          tenantId: tenant.id,
          actor: deps.actor,
          action: 'concern.created',
          subjectType: 'concern',
          subjectId: id,
          after: {
            reference: prepared.reference,
            channel: prepared.channel,
            topic: prepared.topic,
            priorityClass: prepared.priorityClass,
            receivedAt: prepared.receivedAt.toISOString(),
            receivedAtSource: prepared.receivedAtSource,
            triageVersion: prepared.triageVersion,
          },
          reason: prepared.receivedAtNote,
        });
        return { reference: prepared.reference, receivedAt: prepared.receivedAt, replayed: false };
      });
    } catch (err) {
      // A reference collision (40 random bits) is astronomically rare; draw a new one and try again.
      if (attempt < 3 && isUniqueViolation(err, 'concerns_tenant_id_reference_key')) {
        prepared.reference = generateReference();
        continue;
      }
      throw err;
    }
  }
}

function replay(existing: Concern, prepared: PreparedConcern): IntakeResult {
  if (existing.requestHash !== prepared.requestHash) throw new AppError('IDEMPOTENCY_CONFLICT');
  return { reference: existing.reference, receivedAt: existing.receivedAt, replayed: true };
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e?.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint));
}

/** Loads and locks a concern by its (possibly sloppily typed) reference, or fails with CONCERN_NOT_FOUND. */
export async function lockConcern(trx: Tx, reference: string): Promise<Concern> {
  const ref = normalizeReference(reference);
  const concern = ref ? await lockByReference(trx, ref) : undefined;
  if (!concern) throw new AppError('CONCERN_NOT_FOUND');
  return concern;
}

export interface StaffContext {
  tenant: Tenant;
  userId: string;
  displayName: string;
}

/** Staff change topic or class; a reason is required and kept, and the legal clocks follow the topic. */
export async function reclassify(
  db: Db,
  ctx: StaffContext,
  reference: string,
  change: { topic?: TopicSlug | undefined; priorityClass?: PriorityClass | undefined; reason: string },
): Promise<void> {
  const pBar = await currentPBarHours(db, ctx.tenant.id);
  await withTenant(db, ctx.tenant.id, async (trx) => {
    const c = await lockConcern(trx, reference);
    const topic = change.topic ?? c.topic;
    const priorityClass = change.priorityClass ?? c.priorityClass;
    if (topic === c.topic && priorityClass === c.priorityClass) {
      throw new AppError('CONFLICT', { userMessage: 'Thema und Klasse sind bereits so gesetzt.' });
    }
    const clocks = topic !== c.topic ? storedDeadlines(topic, c.receivedAt, ctx.tenant.land) : undefined;
    const reasons: TriageReason[] = [
      ...c.reasons.filter((r) => r.kind !== 'override'),
      { kind: 'override', text: `Von ${ctx.displayName} geändert: ${change.reason}` },
    ];
    await updateConcern(trx, c.id, {
      topic,
      priorityClass,
      classRank: classRank(priorityClass),
      reasons,
      triageOverridden: true,
      ...(clocks && {
        deadlines: clocks.deadlines,
        earliestDueAt: clocks.earliestDueAt,
        earliestDueKind: clocks.earliestDueKind,
      }),
      dispatchScore: scoreNow(
        {
          ...c,
          topic,
          priorityClass,
          earliestDueAt: clocks ? clocks.earliestDueAt : c.earliestDueAt,
          earliestDueKind: clocks ? clocks.earliestDueKind : c.earliestDueKind,
        },
        new Date(),
        c.interimNoticeSentAt ? null : c.interimNoticeDueAt,
        pBar,
      ),
      ...(topic !== c.topic && { teamId: await teamForTopic(trx, topic) }),
    });
    await recordEvent(trx, {
      tenantId: ctx.tenant.id,
      actor: staffActor(ctx.userId, ctx.displayName),
      action: 'concern.reclassified',
      subjectType: 'concern',
      subjectId: c.id,
      before: { topic: c.topic, priorityClass: c.priorityClass },
      after: { topic, priorityClass },
      reason: change.reason,
    });
  });
}

/** Staff correct the legal receipt time (e.g. a letter that arrived during the outage); clocks follow. */
export async function changeReceivedAt(
  db: Db,
  ctx: StaffContext,
  reference: string,
  change: { receivedAt: Date; reason: string },
  now = new Date(),
): Promise<void> {
  if (change.receivedAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'receivedAt', message: 'Der Eingang kann nicht in der Zukunft liegen.' }],
    });
  }
  const pBar = await currentPBarHours(db, ctx.tenant.id);
  await withTenant(db, ctx.tenant.id, async (trx) => {
    const c = await lockConcern(trx, reference);
    const clocks = storedDeadlines(c.topic, change.receivedAt, ctx.tenant.land);
    await updateConcern(trx, c.id, {
      receivedAt: change.receivedAt,
      receivedAtSource: 'backdated',
      receivedAtNote: change.reason,
      deadlines: clocks.deadlines,
      earliestDueAt: clocks.earliestDueAt,
      earliestDueKind: clocks.earliestDueKind,
      dispatchScore: scoreNow(
        {
          ...c,
          receivedAt: change.receivedAt,
          earliestDueAt: clocks.earliestDueAt,
          earliestDueKind: clocks.earliestDueKind,
        },
        now,
        c.interimNoticeSentAt ? null : c.interimNoticeDueAt,
        pBar,
      ),
    });
    await recordEvent(trx, {
      tenantId: ctx.tenant.id,
      actor: staffActor(ctx.userId, ctx.displayName),
      action: 'concern.received_at_changed',
      subjectType: 'concern',
      subjectId: c.id,
      before: { receivedAt: c.receivedAt.toISOString() },
      after: { receivedAt: change.receivedAt.toISOString() },
      reason: change.reason,
    });
  });
}
