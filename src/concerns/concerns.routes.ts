import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { historyOf, PUBLIC_ACTOR, recordEvent, staffActor } from '../audit/audit.repository.js';
import { abilities } from '../auth/policies.js';
import { requireStaff } from '../auth/session.js';
import { withTenant } from '../db/database.js';
import { AppError } from '../errors.js';
import type { AppDeps } from '../http/deps.js';
import type { TopicSlug } from '../shared/taxonomy.js';
import { can } from '../auth/policies.js';
import { presentDetail } from './concerns.presenter.js';
import { findByReference } from './concerns.repository.js';
import {
  concernDetail,
  createConcernBody,
  createConcernResponse,
  receivedAtBody,
  reclassifyBody,
  referenceParams,
  tenantParams,
} from './concerns.schema.js';
import { changeReceivedAt, reclassify, takeInConcern } from './concerns.service.js';
import { normalizeReference } from './reference.js';

const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'druckbare ASCII-Zeichen ohne Leerzeichen')
    .optional(),
});

export async function concernRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/tenants/:tenant/concerns',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Take in a concern (public). The same Idempotency-Key always yields the same concern.',
        params: tenantParams,
        headers: idempotencyHeaders,
        body: createConcernBody,
        response: { 201: createConcernResponse },
      },
      config: { rateLimit: deps.publicRateLimit },
    },
    async (req, reply) => {
      const tenant = await deps.tenants.bySlug(req.params.tenant);
      if (!tenant) throw new AppError('TENANT_NOT_FOUND');
      const staff =
        req.staff && req.staff.tenantId === tenant.id && can(req.staff.role, 'concern.create')
          ? req.staff
          : null;
      if (req.body.receivedAt && !staff) {
        throw new AppError('FORBIDDEN', {
          userMessage: 'Nur Mitarbeitende können einen früheren Eingang erfassen.',
        });
      }
      const result = await takeInConcern(
        deps.db,
        tenant,
        { ...req.body, receivedAt: req.body.receivedAt ? new Date(req.body.receivedAt) : undefined },
        {
          triage: deps.triage,
          actor: staff ? { userId: staff.id, label: staff.displayName } : PUBLIC_ACTOR,
          idempotencyKey: req.headers['idempotency-key'],
        },
      );
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply
        .code(201)
        .send({ reference: result.reference, receivedAt: result.receivedAt.toISOString() });
    },
  );

  r.get(
    '/api/v1/concerns/:reference',
    {
      schema: {
        tags: ['concerns'],
        summary: 'One concern with triage, deadlines and history (staff)',
        params: referenceParams,
        response: { 200: concernDetail },
      },
    },
    async (req) => {
      const { user, tenant } = await requireStaff(req, deps, 'concern.read');
      const ref = normalizeReference(req.params.reference);
      if (!ref) throw new AppError('CONCERN_NOT_FOUND');
      return withTenant(deps.db, tenant.id, async (trx) => {
        const concern = await findByReference(trx, ref);
        if (!concern) throw new AppError('CONCERN_NOT_FOUND');
        // Reading social data is logged too (GKV audit duty), in the same transaction as the read.
        await recordEvent(trx, {
          tenantId: tenant.id,
          actor: staffActor(user.id, user.displayName),
          action: 'concern.read',
          subjectType: 'concern',
          subjectId: concern.id,
        });
        return presentDetail(concern, user.id, await historyOf(trx, concern.id), abilities(user.role));
      });
    },
  );

  r.patch(
    '/api/v1/concerns/:reference/classification',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Change topic and/or class, with a reason (staff)',
        params: referenceParams,
        body: reclassifyBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { user, tenant } = await requireStaff(req, deps, 'concern.reclassify');
      await reclassify(
        deps.db,
        { tenant, userId: user.id, displayName: user.displayName },
        req.params.reference,
        {
          topic: req.body.topic as TopicSlug | undefined,
          priorityClass: req.body.priorityClass,
          reason: req.body.reason,
        },
      );
      return reply.code(204).send(null);
    },
  );

  r.patch(
    '/api/v1/concerns/:reference/received-at',
    {
      schema: {
        tags: ['concerns'],
        summary: 'Correct the legal receipt time, with a reason; deadlines are recomputed (staff)',
        params: referenceParams,
        body: receivedAtBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { user, tenant } = await requireStaff(req, deps, 'concern.backdate');
      await changeReceivedAt(
        deps.db,
        { tenant, userId: user.id, displayName: user.displayName },
        req.params.reference,
        {
          receivedAt: new Date(req.body.receivedAt),
          reason: req.body.reason,
        },
      );
      return reply.code(204).send(null);
    },
  );
}
