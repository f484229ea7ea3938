import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../http/deps.js';
import { changeOwnPassword, login, logout, SESSION_COOKIE } from './auth.service.js';
import type { StaffUser } from './auth.repository.js';
import { abilities } from './policies.js';
import { ROLE_LABEL } from './roles.js';
import { requireStaff } from './session.js';

const meResponse = z.object({
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['sachbearbeitung', 'teamleitung', 'administration']),
  roleLabel: z.string(),
  tenant: z.object({ slug: z.string(), name: z.string() }),
  abilities: z.record(z.string(), z.boolean()),
});

function presentMe(user: StaffUser, tenant: { slug: string; name: string }) {
  return {
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABEL[user.role],
    tenant: { slug: tenant.slug, name: tenant.name },
    abilities: abilities(user.role),
  };
}

export async function authRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with a local staff account; sets the session cookie',
        body: z
          .object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) })
          .strict(),
        response: { 200: meResponse },
      },
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const { token, user, expiresAt } = await login(deps.db, req.body, deps.config.sessionHours);
      const tenant = await deps.tenants.byId(user.tenantId);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.secureCookies,
        expires: expiresAt,
      });
      return presentMe(user, tenant ?? { slug: '?', name: '?' });
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (req.staff && token) await logout(deps.db, req.staff, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: 'The logged-in staff member', response: { 200: meResponse } } },
    async (req) => {
      const { user, tenant } = await requireStaff(req, deps);
      return presentMe(user, tenant);
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password; the other sessions of the account end',
        body: z
          .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) })
          .strict(),
        response: { 204: z.null() },
      },
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const { user } = await requireStaff(req, deps);
      // A resolved session always came with its cookie.
      await changeOwnPassword(deps.db, user, req.cookies[SESSION_COOKIE]!, req.body);
      return reply.code(204).send(null);
    },
  );
}
