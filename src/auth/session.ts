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
  // Staff-only areas answer 401 before they look at the request body, so anonymous callers learn nothing
  // about the validation rules; the handlers then check the role.
  app.addHook('preValidation', async (req) => {
    const url = req.routeOptions.url ?? '';
    if (!req.staff && STAFF_ONLY.some((p) => url.startsWith(p))) throw new AppError('UNAUTHENTICATED');
  });
}

const STAFF_ONLY = [
  '/api/v1/worklist',
  '/api/v1/concerns/',
  '/api/v1/dashboard',
  '/api/v1/imports',
  '/api/v1/admin',
  '/api/v1/auth/password',
];

/** The signed-in staff member and their Kasse; with `action`, only if their role may do it. */
export async function requireStaff(
  req: FastifyRequest,
  deps: AppDeps,
  action?: Action,
): Promise<StaffRequestContext> {
  const user = req.staff;
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (action !== undefined) authorize(user.role, action);
  const tenant = await deps.tenants.byId(user.tenantId);
  if (!tenant) throw new AppError('UNAUTHENTICATED');
  return { user, tenant };
}
