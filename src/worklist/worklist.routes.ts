import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../auth/policies.js';
import { requireStaff } from '../auth/session.js';
import { presentSummary } from '../concerns/concerns.presenter.js';
import { concernSummary, forwardBody, referenceParams, waitBody } from '../concerns/concerns.schema.js';
import type { AppDeps } from '../http/deps.js';
import { PRIORITY_CLASSES, TOPIC_SLUGS, type TopicSlug } from '../shared/taxonomy.js';
import {
  claimNext,
  recordInterimNotice,
  transition,
  worklist,
  type WorkContext,
} from './worklist.service.js';

async function workContext(req: FastifyRequest, deps: AppDeps): Promise<WorkContext> {
  const { user, tenant } = await requireStaff(req, deps, 'concern.work');
  return {
    tenant,
    userId: user.id,
    displayName: user.displayName,
    // Team leads see and act across teams; case workers see their team's items and unrouted ones.
    teamId: can(user.role, 'worklist.viewAll') ? null : user.teamId,
    mayActForOthers: can(user.role, 'worklist.viewAll'),
    leaseMinutes: deps.config.leaseMinutes,
  };
}

const worklistQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  priorityClass: z.enum(PRIORITY_CLASSES).optional(),
  topic: z.enum(TOPIC_SLUGS as [string, ...string[]]).optional(),
});

const noContent = { 204: z.null() };

const claimBody = z
  .object({
    priorityClass: z.enum(PRIORITY_CLASSES).optional(),
    topic: z.enum(TOPIC_SLUGS as [string, ...string[]]).optional(),
  })
  .strict()
  // A POST without a body arrives as null.
  .nullish();

export async function worklistRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/worklist',
    {
      schema: {
        tags: ['worklist'],
        summary: 'Open concerns in work order: class, earliest deadline, age',
        querystring: worklistQuery,
        response: {
          200: z.object({ items: z.array(concernSummary), total: z.number(), mine: z.array(concernSummary) }),
        },
      },
    },
    async (req) => {
      const ctx = await workContext(req, deps);
      const { items, total, mine } = await worklist(
        deps.db,
        ctx,
        { priorityClass: req.query.priorityClass, topic: req.query.topic as TopicSlug | undefined },
        req.query.limit,
      );
      const present = (c: (typeof items)[number]) => presentSummary(c, ctx.userId);
      return { items: items.map(present), total, mine: mine.map(present) };
    },
  );

  r.post(
    '/api/v1/worklist/claim',
    {
      schema: {
        tags: ['worklist'],
        summary:
          'Claim the next concern in work order (a lease that expires), optionally within a class or topic',
        body: claimBody,
        response: { 200: z.object({ item: concernSummary.nullable() }) },
      },
    },
    async (req) => {
      const ctx = await workContext(req, deps);
      const filter = {
        priorityClass: req.body?.priorityClass,
        topic: req.body?.topic as TopicSlug | undefined,
      };
      const item = await claimNext(deps.db, ctx, filter);
      return { item: item ? presentSummary(item, ctx.userId) : null };
    },
  );

  const simple = [
    ['claim', 'Claim this concern'],
    ['renew', 'Extend the lease on a claimed concern'],
    ['release', 'Put a claimed concern back in the queue'],
    ['resume', 'Return a waiting concern to the queue'],
    ['complete', 'Mark a claimed concern as done'],
  ] as const;
  for (const [step, summary] of simple) {
    r.post(
      `/api/v1/concerns/:reference/${step}`,
      { schema: { tags: ['worklist'], summary, params: referenceParams, response: noContent } },
      async (req, reply) => {
        const ctx = await workContext(req, deps);
        await transition(deps.db, ctx, req.params.reference, step);
        return reply.code(204).send(null);
      },
    );
  }

  r.post(
    '/api/v1/concerns/:reference/wait',
    {
      schema: {
        tags: ['worklist'],
        summary: 'Set a claimed concern to waiting (e.g. for documents)',
        params: referenceParams,
        body: waitBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      const ctx = await workContext(req, deps);
      await transition(deps.db, ctx, req.params.reference, 'wait', { reason: req.body.reason });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/concerns/:reference/forward',
    {
      schema: {
        tags: ['worklist'],
        summary: 'Forward a concern to another body (e.g. the Rentenversicherung), with a reason',
        params: referenceParams,
        body: forwardBody,
        response: noContent,
      },
    },
    async (req, reply) => {
      const ctx = await workContext(req, deps);
      await transition(deps.db, ctx, req.params.reference, 'forward', {
        reason: req.body.reason,
        to: req.body.to,
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/concerns/:reference/interim-notice',
    {
      schema: {
        tags: ['worklist'],
        summary: 'Record that the reasoned Zwischennachricht (interim notice) was sent',
        params: referenceParams,
        body: z
          .object({ note: z.string().trim().max(1000).optional() })
          .strict()
          .nullish(),
        response: noContent,
      },
    },
    async (req, reply) => {
      const ctx = await workContext(req, deps);
      await recordInterimNotice(deps.db, ctx, req.params.reference, req.body?.note);
      return reply.code(204).send(null);
    },
  );
}
