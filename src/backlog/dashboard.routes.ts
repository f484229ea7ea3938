import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireStaff } from '../auth/session.js';
import type { AppDeps } from '../http/deps.js';
import { PRIORITY_CLASSES, topicInfo } from '../shared/taxonomy.js';
import type { DueItem } from './dashboard.repository.js';
import { buildDashboard, forecastWithWhatIf } from './dashboard.service.js';
import { renderBurndownSvg, renderWhatIfSvg } from './forecast-chart.js';
import type { WhatIf } from './forecast.js';

const classCounts = z.object({ P1: z.number(), P2: z.number(), P3: z.number(), P4: z.number() });
const dueItem = z.object({
  reference: z.string(),
  topic: z.string(),
  topicLabel: z.string(),
  priorityClass: z.enum(PRIORITY_CLASSES),
  dueAt: z.string(),
  kind: z.string().nullable(),
});
const clearance = z.object({
  key: z.string(),
  label: z.string(),
  backlog: z.number(),
  p50: z.string().nullable(),
  p85: z.string().nullable(),
  p95: z.string().nullable(),
  clearedShare: z.number(),
  note: z.string().optional(),
});

const dashboardResponse = z.object({
  generatedAt: z.string(),
  /** When the backlog mix, throughput and forecast were computed (refreshed every few minutes). */
  snapshotAt: z.string(),
  staff: z.number(),
  backlog: z.object({
    total: z.number(),
    byClass: classCounts,
    byTopic: z.array(z.object({ topic: z.string(), label: z.string(), count: z.number() })),
    byAge: z.array(z.object({ bucket: z.string(), byClass: classCounts })),
  }),
  deadlines: z.object({
    overdue: z.number(),
    next3Days: z.number(),
    next7Days: z.number(),
    items: z.array(dueItem),
  }),
  interimNotices: z.object({ due: z.number(), overdue: z.number(), items: z.array(dueItem) }),
  throughput: z.array(z.object({ day: z.string(), done: z.number(), arrived: z.number() })),
  forecast: z.object({
    today: z.string(),
    runs: z.number(),
    overall: clearance.omit({ key: true, label: true, note: true }),
    classes: z.array(clearance),
    note: z.string().optional(),
  }),
});

const whatIfQuery = z.object({
  extraStaff: z.coerce.number().min(0).max(10_000).optional(),
  extraStaffFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  overtimePercent: z.coerce.number().min(0).max(100).optional(),
  deflectionPercent: z.coerce.number().min(0).max(90).optional(),
  crossFrom: z.enum(PRIORITY_CLASSES).optional(),
  crossTo: z.enum(PRIORITY_CLASSES).optional(),
  crossShare: z.coerce.number().min(0).max(1).optional(),
});
type WhatIfQuery = z.infer<typeof whatIfQuery>;

function toWhatIf(q: WhatIfQuery): WhatIf {
  return {
    ...(q.extraStaff !== undefined && { extraStaff: q.extraStaff }),
    ...(q.extraStaffFrom !== undefined && { extraStaffFrom: q.extraStaffFrom }),
    ...(q.overtimePercent !== undefined && { overtimePercent: q.overtimePercent }),
    ...(q.deflectionPercent !== undefined && { deflectionPercent: q.deflectionPercent }),
    ...(q.crossFrom &&
      q.crossTo && { crossTrained: { from: q.crossFrom, to: q.crossTo, share: q.crossShare ?? 0.5 } }),
  };
}

function presentDue(d: DueItem) {
  return { ...d, topicLabel: topicInfo(d.topic).label, dueAt: d.dueAt.toISOString() };
}

export async function dashboardRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Backlog by class, topic and age; deadlines and interim notices due; throughput; clearance forecast',
        response: { 200: dashboardResponse },
      },
    },
    async (req) => {
      const { tenant } = await requireStaff(req, deps, 'dashboard.view');
      const d = await buildDashboard(deps.db, tenant);
      return {
        generatedAt: new Date().toISOString(),
        snapshotAt: d.at,
        staff: d.staff,
        backlog: {
          ...d.backlog,
          byTopic: d.backlog.byTopic.map((t) => ({ ...t, label: topicInfo(t.topic).label })),
        },
        deadlines: { ...d.deadlines, items: d.deadlines.items.map(presentDue) },
        interimNotices: { ...d.interimNotices, items: d.interimNotices.items.map(presentDue) },
        throughput: d.throughput,
        forecast: {
          today: d.forecast.today,
          runs: d.forecast.runs,
          overall: d.forecast.overall,
          classes: d.forecast.classes,
          ...(d.forecast.note ? { note: d.forecast.note } : {}),
        },
      };
    },
  );

  r.get(
    '/api/v1/dashboard/what-if',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Clearance forecast under extra staff, overtime, cross-training or deflection, against today',
        querystring: whatIfQuery,
        response: { 200: z.object({ comparison: z.record(z.string(), z.unknown()) }) },
      },
    },
    async (req) => {
      const { tenant } = await requireStaff(req, deps, 'dashboard.view');
      const { comparison } = await forecastWithWhatIf(deps.db, tenant, toWhatIf(req.query));
      return { comparison: comparison as unknown as Record<string, unknown> };
    },
  );

  r.get(
    '/api/v1/dashboard/burndown.svg',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Burn-down chart (SVG) of the forecast',
        querystring: whatIfQuery,
      },
    },
    async (req, reply) => {
      const { tenant } = await requireStaff(req, deps, 'dashboard.view');
      const { forecast } = await forecastWithWhatIf(deps.db, tenant, toWhatIf(req.query));
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, max-age=60')
        .send(renderBurndownSvg(forecast, { title: 'Abbauprognose offener Anliegen' }));
    },
  );

  r.get(
    '/api/v1/dashboard/what-if.svg',
    { schema: { tags: ['dashboard'], summary: 'What-if comparison chart (SVG)', querystring: whatIfQuery } },
    async (req, reply) => {
      const { tenant } = await requireStaff(req, deps, 'dashboard.view');
      const { comparison } = await forecastWithWhatIf(deps.db, tenant, toWhatIf(req.query));
      return reply
        .type('image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, max-age=60')
        .send(renderWhatIfSvg(comparison));
    },
  );
}
