/**
 * Administration API: the teams of the Kasse with their skills, and its staff accounts. Only the role
 * `administration` may use it; it reads no concern beyond counts. Each change goes through the same
 * service as `vorrang team|user`, with its audit event in the same transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffActor, type Actor } from '../audit/audit.repository.js';
import { listUsers, type AccountListing } from '../auth/auth.repository.js';
import { ROLE_LABEL, ROLES } from '../auth/roles.js';
import { requireStaff, type StaffRequestContext } from '../auth/session.js';
import { withTenant } from '../db/database.js';
import { AppError } from '../errors.js';
import type { AppDeps } from '../http/deps.js';
import { TOPIC_SLUGS, type TopicSlug } from '../shared/taxonomy.js';
import {
  changeTeam,
  changeUser,
  createTeam,
  createUser,
  generatePassword,
  MAX_TEAM_NAME,
  removeTeam,
  resetPassword,
  setAccountBlocked,
} from './setup.service.js';
import { listTeamsWithCounts, type Team } from './tenants.repository.js';

const skills = z.array(z.enum(TOPIC_SLUGS as [TopicSlug, ...TopicSlug[]])).max(TOPIC_SLUGS.length);
const teamName = z.string().trim().min(1, 'Der Name des Teams fehlt.').max(MAX_TEAM_NAME);
const idParams = z.object({ id: z.string().uuid() });

const team = z.object({ id: z.string(), name: z.string(), skills: z.array(z.string()) });
const teamListing = team.extend({ accounts: z.number(), openConcerns: z.number() });
const account = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  /** The account of the person asking: the app offers neither blocking it nor a reset of its password. */
  isMe: z.boolean(),
});
const withStartPassword = z.object({
  account,
  /** Shown once; only its hash is kept. */
  startPassword: z.string(),
});

function presentAccount(a: AccountListing, meId: string): z.infer<typeof account> {
  return {
    id: a.id,
    email: a.email,
    displayName: a.displayName,
    role: a.role,
    roleLabel: ROLE_LABEL[a.role],
    team: a.teamId !== null && a.teamName !== null ? { id: a.teamId, name: a.teamName } : null,
    disabled: a.disabled,
    createdAt: a.createdAt.toISOString(),
    isMe: a.id === meId,
  };
}

const actorOf = ({ user }: StaffRequestContext): Actor => staffActor(user.id, user.displayName);

export async function adminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = (req: Parameters<typeof requireStaff>[0]) => requireStaff(req, deps, 'admin.manage');
  const accountById = async (ctx: StaffRequestContext, id: string) => {
    const [found] = await withTenant(deps.db, ctx.tenant.id, (trx) => listUsers(trx, id));
    if (!found) throw new AppError('NOT_FOUND', { message: `account ${id} gone after a change` });
    return presentAccount(found, ctx.user.id);
  };

  r.get(
    '/api/v1/admin/teams',
    {
      schema: {
        tags: ['admin'],
        summary: 'Teams of the Kasse with skills, enabled accounts and open concerns (administration)',
        response: { 200: z.object({ teams: z.array(teamListing) }) },
      },
    },
    async (req) => {
      const { tenant } = await admin(req);
      return { teams: await withTenant(deps.db, tenant.id, listTeamsWithCounts) };
    },
  );

  r.post(
    '/api/v1/admin/teams',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a team; its skills route new concerns to it (administration)',
        body: z.object({ name: teamName, skills }).strict(),
        response: { 201: team },
      },
    },
    async (req, reply) => {
      const ctx = await admin(req);
      const created: Team = await createTeam(deps.db, ctx.tenant, req.body, actorOf(ctx));
      return reply.code(201).send(created);
    },
  );

  r.patch(
    '/api/v1/admin/teams/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a team or replace its skills; routed concerns stay (administration)',
        params: idParams,
        body: z
          .object({ name: teamName.optional(), skills: skills.optional() })
          .strict()
          .refine((b) => b.name !== undefined || b.skills !== undefined, 'Es gibt nichts zu ändern.'),
        response: { 200: team },
      },
    },
    async (req) => {
      const ctx = await admin(req);
      return changeTeam(
        deps.db,
        ctx.tenant,
        { id: req.params.id },
        { rename: req.body.name, skills: req.body.skills },
        actorOf(ctx),
      );
    },
  );

  r.delete(
    '/api/v1/admin/teams/:id',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Remove a team without enabled accounts; its concerns go to moveTo or to no team (administration)',
        params: idParams,
        querystring: z.object({ moveTo: z.string().uuid().optional() }).strict(),
        response: {
          200: z.object({
            team,
            movedTo: team.nullable(),
            openConcerns: z.number(),
            closedConcerns: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const ctx = await admin(req);
      const moveTo = req.query.moveTo === undefined ? null : { id: req.query.moveTo };
      return removeTeam(deps.db, ctx.tenant, { id: req.params.id }, moveTo, actorOf(ctx));
    },
  );

  r.get(
    '/api/v1/admin/accounts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Staff accounts of the Kasse, enabled first (administration)',
        response: { 200: z.object({ accounts: z.array(account) }) },
      },
    },
    async (req) => {
      const ctx = await admin(req);
      const accounts = await withTenant(deps.db, ctx.tenant.id, (trx) => listUsers(trx));
      return { accounts: accounts.map((a) => presentAccount(a, ctx.user.id)) };
    },
  );

  r.post(
    '/api/v1/admin/accounts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an account with a generated start password, shown once (administration)',
        body: z
          .object({
            email: z.string().trim().min(3).max(254),
            displayName: z.string().trim().min(1, 'Der Name fehlt.').max(200),
            role: z.enum(ROLES),
            teamId: z.string().uuid().nullable(),
          })
          .strict(),
        response: { 201: withStartPassword },
      },
    },
    async (req, reply) => {
      const ctx = await admin(req);
      const startPassword = generatePassword();
      const { teamId, ...rest } = req.body;
      const created = await createUser(
        deps.db,
        ctx.tenant,
        { ...rest, team: teamId === null ? null : { id: teamId }, password: startPassword },
        actorOf(ctx),
      );
      return reply.code(201).send({ account: await accountById(ctx, created.id), startPassword });
    },
  );

  r.patch(
    '/api/v1/admin/accounts/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change role or team of an account, or block or unblock it (administration)',
        params: idParams,
        body: z
          .object({
            role: z.enum(ROLES).optional(),
            teamId: z.string().uuid().nullable().optional(),
            disabled: z.boolean().optional(),
          })
          .strict()
          .refine(
            (b) => b.role !== undefined || b.teamId !== undefined || b.disabled !== undefined,
            'Es gibt nichts zu ändern.',
          )
          // Each is its own audited change; together one could succeed and the other be refused.
          .refine(
            (b) => b.disabled === undefined || (b.role === undefined && b.teamId === undefined),
            'Bitte das Sperren getrennt von Rolle und Team ändern.',
          ),
        response: { 200: account },
      },
    },
    async (req) => {
      const ctx = await admin(req);
      const ref = { tenantId: ctx.tenant.id, id: req.params.id };
      const { role, teamId, disabled } = req.body;
      if (disabled !== undefined) {
        await setAccountBlocked(deps.db, ref, disabled, actorOf(ctx));
      } else {
        const team = teamId === undefined ? undefined : teamId === null ? null : { id: teamId };
        await changeUser(deps.db, ref, { role, team }, actorOf(ctx));
      }
      return accountById(ctx, req.params.id);
    },
  );

  r.post(
    '/api/v1/admin/accounts/:id/password-reset',
    {
      schema: {
        tags: ['admin'],
        summary: 'Give an account a new start password, shown once; its sessions end (administration)',
        params: idParams,
        response: { 200: withStartPassword },
      },
    },
    async (req) => {
      const ctx = await admin(req);
      const { user, password } = await resetPassword(
        deps.db,
        { tenantId: ctx.tenant.id, id: req.params.id },
        actorOf(ctx),
      );
      return { account: await accountById(ctx, user.id), startPassword: password };
    },
  );
}
