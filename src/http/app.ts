/**
 * Builds the Fastify application from its dependencies. No globals: tests build one per database.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { authRoutes } from '../auth/auth.routes.js';
import { importRoutes } from '../backlog/import/import.routes.js';
import { adminRoutes } from '../tenants/admin.routes.js';
import { installSessions } from '../auth/session.js';
import { concernRoutes } from '../concerns/concerns.routes.js';
import { publicRoutes } from '../concerns/public.routes.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { TOPICS, PRIORITY_CLASS_LABEL } from '../shared/taxonomy.js';
import { listTenants } from '../tenants/tenants.repository.js';
import { worklistRoutes } from '../worklist/worklist.routes.js';
import { dashboardRoutes } from '../backlog/dashboard.routes.js';
import type { AppDeps } from './deps.js';
import { installErrorHandling } from './error-handler.js';
import { html, page } from './html.js';
import { installGermanMessages } from './zod-messages.js';

installGermanMessages();

export interface BuildOptions {
  logger?: Logger | false;
  /** Reports whether migrations (and the demo seed) are done; until then the API answers 503. */
  isReady?: () => boolean;
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const WEB_DIST_FROM_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');

function staffAppDir(): string | undefined {
  for (const dir of [WEB_DIST_FROM_DIST, WEB_DIST])
    if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  return undefined;
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as FastifyBaseLogger } : { logger: false }),
    bodyLimit: 256 * 1024,
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
  });
  const isReady = options.isReady ?? (() => true);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // The API speaks JSON (and the public form url-encoded); plain text bodies are refused with 415.
  app.removeContentTypeParser('text/plain');

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 128 * 1024 });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'vorrang API',
        version: '1',
        description: 'Intake, triage and worklist for German statutory health insurers.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vorrang_session' } } },
    },
    transform: jsonSchemaTransform,
  });

  installSessions(app, deps);

  // API answers hold social data, start passwords and session state: no browser or proxy may keep them,
  // unless a route chose otherwise (the dashboard's charts).
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  app.addHook('onRequest', async (req) => {
    if (!isReady() && (req.url.startsWith('/api/v1') || req.url.startsWith('/k/')))
      throw new AppError('NOT_READY');
  });

  app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) => reply.code(204).send());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (!isReady()) return reply.code(503).send({ status: 'starting' });
    await sql`select 1`.execute(deps.db);
    return { status: 'ready' };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/v1/topics',
    {
      schema: {
        tags: ['meta'],
        summary: 'The topic taxonomy and priority classes',
        response: {
          200: z.object({
            topics: z.array(z.object({ slug: z.string(), label: z.string(), defaultClass: z.string() })),
            classes: z.record(z.string(), z.string()),
          }),
        },
      },
    },
    async () => ({ topics: TOPICS.map((t) => ({ ...t })), classes: PRIORITY_CLASS_LABEL }),
  );

  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const tenants = isReady() ? await listTenants(deps.db) : [];
    const body = html`<h1>Anliegen an Ihre Krankenkasse</h1>
      <p>Wählen Sie Ihre Krankenkasse, um ein Anliegen zu senden:</p>
      <ul>
        ${tenants.map((t) => html`<li><a href="/k/${t.slug}/anliegen">${t.name}</a></li>`)}
      </ul>
      <p><a href="/app/">Anmeldung für Mitarbeitende</a></p>`;
    return reply.type('text/html; charset=utf-8').send(page({ title: 'vorrang – Anliegen', body }));
  });

  await app.register(async (scope) => publicRoutes(scope, deps));
  await app.register(async (scope) => authRoutes(scope, deps));
  await app.register(async (scope) => concernRoutes(scope, deps));
  await app.register(async (scope) => worklistRoutes(scope, deps));
  await app.register(async (scope) => dashboardRoutes(scope, deps));
  await app.register(async (scope) => importRoutes(scope, deps));
  await app.register(async (scope) => adminRoutes(scope, deps));

  const webDir = staffAppDir();
  if (webDir) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/app/',
      index: ['index.html'],
      wildcard: false,
    });
    // Client-side routes of the staff app all load its index page.
    app.get('/app/*', { schema: { hide: true } }, async (req, reply) => {
      // A missing build file is a 404, not the app shell (which would confuse the browser's MIME checks).
      if (req.url.startsWith('/app/assets/')) throw new AppError('NOT_FOUND');
      return reply.sendFile('index.html', webDir);
    });
    app.get('/app', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/app/'));
  }

  return app;
}
