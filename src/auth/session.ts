/** Resolves the staff session cookie on each request and offers `requireStaff` to route handlers. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { AppDeps } from '../http/deps.js';
import type { Tenant } from '../tenants/tenants.repository.js';
import type { StaffUser } from './auth.repository.js';
import { resolveSession, SESSION_COOKIE } from './auth.service.js';
import { authorize, type Action } from './policies.js';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffUser | null;
  }
}

export interface StaffRequestContext {
  user: StaffUser;
  tenant: Tenant;
}

export function installSessions(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('staff', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token && token.length <= 100) req.staff = (await resolveSession(deps.db, token)) ?? null;
  });
}

export async function requireStaff(
  req: FastifyRequest,
  deps: AppDeps,
  action: Action,
): Promise<StaffRequestContext> {
  const user = req.staff;
  if (!user) throw new AppError('UNAUTHENTICATED');
  authorize(user.role, action);
  const tenant = await deps.tenants.byId(user.tenantId);
  if (!tenant) throw new AppError('UNAUTHENTICATED');
  return { user, tenant };
}
