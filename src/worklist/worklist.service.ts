/**
 * Working the queue: claim (next or a named item), renew the lease, release, wait for the sender,
 * resume, complete and forward. Each step checks the current state under a row lock and writes its audit
 * event in the same transaction.
 */
import { recordEvent, staffActor } from '../audit/audit.repository.js';
import type { Concern, ConcernStatus } from '../concerns/concerns.repository.js';
import { findById, updateConcern, type ConcernPatch } from '../concerns/concerns.repository.js';
import { lockConcern, type StaffContext } from '../concerns/concerns.service.js';
import { withTenant, type Db } from '../db/database.js';
import { currentPBarHours, scoreNow } from './dispatch.service.js';
import { AppError } from '../errors.js';
import {
  listExpired,
  listHeldBy,
  listQueued,
  lockExpired,
  lockFirstQueued,
  markClaimed,
  queueSize,
  type QueueFilter,
} from './worklist.repository.js';

export interface WorkContext extends StaffContext {
  teamId: string | null;
  /** Team leads may act on items held by others (e.g. release a colleague's item). */
  mayActForOthers: boolean;
  leaseMinutes: number;
}

function leaseUntil(ctx: WorkContext, now: Date): Date {
  return new Date(now.getTime() + ctx.leaseMinutes * 60_000);
}

export async function claimNext(db: Db, ctx: WorkContext, filter: QueueFilter = {}, now = new Date()) {
  const pBar = await currentPBarHours(db, ctx.tenant.id);
  return withTenant(db, ctx.tenant.id, async (trx) => {
    const scoped: QueueFilter = { teamId: ctx.teamId ?? undefined, ...filter };
    // Items whose lease ran out are few; score them now and let the best of them compete with the queue.
    const expired = await lockExpired(trx, now, scoped, 20);
    let best = await lockFirstQueued(trx, ctx.tenant.id, scoped);
    for (const e of expired) {
      const score = scoreNow(e, now, e.interimNoticeSentAt ? null : e.interimNoticeDueAt, pBar);
      if (!best || score > best.score) best = { id: e.id, score };
    }
    if (!best) return undefined;
    await markClaimed(trx, best.id, ctx.userId, now, leaseUntil(ctx, now));
    const claimed = await findById(trx, best.id);
    if (!claimed) throw new AppError('INTERNAL', { message: `claimed concern ${best.id} vanished` });
    await recordEvent(trx, {
      tenantId: ctx.tenant.id,
      actor: staffActor(ctx.userId, ctx.displayName),
      action: 'concern.claimed',
      subjectType: 'concern',
      subjectId: claimed.id,
      after: { status: 'in_bearbeitung', leaseExpiresAt: claimed.leaseExpiresAt?.toISOString() ?? null },
    });
    return claimed;
  });
}

export async function worklist(
  db: Db,
  ctx: WorkContext,
  filter: QueueFilter,
  limit: number,
  now = new Date(),
) {
  const pBar = await currentPBarHours(db, ctx.tenant.id);
  return withTenant(db, ctx.tenant.id, async (trx) => {
    const scoped: QueueFilter = { ...filter, teamId: filter.teamId ?? ctx.teamId ?? undefined };
    const [queued, expired, total, mine] = await Promise.all([
      listQueued(trx, ctx.tenant.id, scoped, limit),
      listExpired(trx, now, scoped, limit),
      queueSize(trx, ctx.tenant.id, now, scoped),
      listHeldBy(trx, ctx.userId),
    ]);
    const scored = [
      ...queued,
      ...expired.map((c) => ({
        concern: c,
        score: scoreNow(c, now, c.interimNoticeSentAt ? null : c.interimNoticeDueAt, pBar),
      })),
    ];
    scored.sort((a, b) => b.score - a.score || (a.concern.id < b.concern.id ? -1 : 1));
    return { items: scored.slice(0, limit).map((s) => s.concern), total, mine };
  });
}

type Step = 'claim' | 'renew' | 'release' | 'wait' | 'resume' | 'complete' | 'forward';

const STEP_LABEL: Record<Step, string> = {
  claim: 'Übernehmen',
  renew: 'Verlängern',
  release: 'Freigeben',
  wait: 'Wartet',
  resume: 'Wieder aufnehmen',
  complete: 'Erledigt',
  forward: 'Weiterleiten',
};

const STATUS_LABEL: Record<ConcernStatus, string> = {
  neu: 'Neu',
  in_bearbeitung: 'In Bearbeitung',
  wartet: 'Wartet',
  erledigt: 'Erledigt',
  weitergeleitet: 'Weitergeleitet',
};

const ALLOWED_FROM: Record<Step, readonly ConcernStatus[]> = {
  claim: ['neu', 'in_bearbeitung'],
  renew: ['in_bearbeitung'],
  release: ['in_bearbeitung', 'wartet'],
  wait: ['in_bearbeitung'],
  resume: ['wartet'],
  complete: ['in_bearbeitung'],
  forward: ['neu', 'in_bearbeitung', 'wartet'],
};

/** Steps that need the item to be held by the acting person (or a team lead acting for someone). */
const NEEDS_HOLD: ReadonlySet<Step> = new Set(['renew', 'release', 'wait', 'complete']);

function plan(
  step: Step,
  c: Concern,
  ctx: WorkContext,
  now: Date,
  detail: { to?: string | undefined; score: number },
): ConcernPatch {
  switch (step) {
    case 'claim': {
      const heldByOther =
        c.status === 'in_bearbeitung' &&
        c.claimedBy !== ctx.userId &&
        c.leaseExpiresAt &&
        c.leaseExpiresAt > now;
      if (heldByOther)
        throw new AppError('CONFLICT', {
          userMessage: `Wird bereits von ${c.claimedByName ?? 'jemand anderem'} bearbeitet.`,
        });
      return { status: 'in_bearbeitung', claimedBy: ctx.userId, leaseExpiresAt: leaseUntil(ctx, now) };
    }
    case 'renew':
      return { leaseExpiresAt: leaseUntil(ctx, now) };
    case 'release':
      return { status: 'neu', claimedBy: null, leaseExpiresAt: null, dispatchScore: detail.score };
    case 'wait':
      return { status: 'wartet', leaseExpiresAt: null };
    case 'resume':
      return { status: 'neu', claimedBy: null, leaseExpiresAt: null, dispatchScore: detail.score };
    case 'complete':
      return { status: 'erledigt', leaseExpiresAt: null, completedAt: now };
    case 'forward':
      return {
        status: 'weitergeleitet',
        claimedBy: null,
        leaseExpiresAt: null,
        forwardedTo: detail.to ?? null,
        completedAt: now,
      };
  }
}

export async function transition(
  db: Db,
  ctx: WorkContext,
  reference: string,
  step: Step,
  detail: { reason?: string | undefined; to?: string | undefined } = {},
  now = new Date(),
): Promise<void> {
  const pBar = await currentPBarHours(db, ctx.tenant.id);
  await withTenant(db, ctx.tenant.id, async (trx) => {
    const c = await lockConcern(trx, reference);
    if (!ALLOWED_FROM[step].includes(c.status)) {
      throw new AppError('INVALID_TRANSITION', {
        userMessage: `Im Status „${STATUS_LABEL[c.status]}“ ist „${STEP_LABEL[step]}“ nicht möglich.`,
      });
    }
    if (NEEDS_HOLD.has(step) && c.claimedBy !== ctx.userId && !ctx.mayActForOthers)
      throw new AppError('NOT_CLAIMED');
    const score = scoreNow(c, now, c.interimNoticeSentAt ? null : c.interimNoticeDueAt, pBar);
    const patch = plan(step, c, ctx, now, { to: detail.to, score });
    await updateConcern(trx, c.id, patch);
    await recordEvent(trx, {
      tenantId: ctx.tenant.id,
      actor: staffActor(ctx.userId, ctx.displayName),
      action: `concern.${step}`,
      subjectType: 'concern',
      subjectId: c.id,
      before: { status: c.status, claimedBy: c.claimedByName },
      after: { status: patch.status ?? c.status, ...(detail.to ? { forwardedTo: detail.to } : {}) },
      reason: detail.reason ?? null,
    });
  });
}

/**
 * Records that the reasoned Zwischennachricht went out. For § 13 Abs. 3a SGB V this keeps the
 * Genehmigungsfiktion from arising; the concern drops back to its normal place in the queue.
 */
export async function recordInterimNotice(
  db: Db,
  ctx: WorkContext,
  reference: string,
  note: string | undefined,
  now = new Date(),
): Promise<void> {
  const pBar = await currentPBarHours(db, ctx.tenant.id);
  await withTenant(db, ctx.tenant.id, async (trx) => {
    const c = await lockConcern(trx, reference);
    if (c.status === 'erledigt' || c.status === 'weitergeleitet') {
      throw new AppError('INVALID_TRANSITION', { userMessage: 'Das Anliegen ist bereits abgeschlossen.' });
    }
    if (c.interimNoticeSentAt) {
      throw new AppError('CONFLICT', { userMessage: 'Eine Zwischennachricht wurde bereits versandt.' });
    }
    await updateConcern(trx, c.id, {
      interimNoticeSentAt: now,
      interimNoticeDueAt: null,
      dispatchScore: scoreNow({ ...c, interimNoticeSentAt: now }, now, null, pBar),
    });
    await recordEvent(trx, {
      tenantId: ctx.tenant.id,
      actor: staffActor(ctx.userId, ctx.displayName),
      action: 'concern.interim_notice_sent',
      subjectType: 'concern',
      subjectId: c.id,
      before: { interimNoticeDueAt: c.interimNoticeDueAt?.toISOString() ?? null },
      after: { interimNoticeSentAt: now.toISOString() },
      reason: note ?? null,
    });
  });
}
