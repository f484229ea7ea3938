/**
 * One place turns every failure into `{ error: { code, message } }`. Known errors keep their code;
 * framework errors are mapped by status; anything else is logged with its request id and answered with a
 * generic 500 that reveals nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, defaultUserMessage, statusOf, type ErrorCode, type FieldIssue } from '../errors.js';
import { html, page } from './html.js';

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'MALFORMED_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'NOT_READY';
    default:
      return status >= 400 && status < 500 ? 'MALFORMED_REQUEST' : 'INTERNAL';
  }
}

function wantsHtml(req: FastifyRequest): boolean {
  return !req.url.startsWith('/api/') && !req.url.startsWith('/healthz') && !req.url.startsWith('/readyz');
}

function send(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  fields?: FieldIssue[],
) {
  const status = statusOf(code);
  if (wantsHtml(req)) {
    const body = html`<h1>${status === 404 ? 'Seite nicht gefunden' : 'Das hat leider nicht geklappt'}</h1>
      <p>${message}</p>
      <p><a href="/">Zur Startseite</a></p>`;
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(page({ title: message, body }));
  }
  return reply
    .code(status)
    .send({ error: { code, message, ...(fields?.length ? { fields } : {}), requestId: req.id } });
}

/** SQLSTATEs that mean a concurrent request won, with what the person is told. */
const DATABASE_CLASHES: Record<string, string> = {
  '23505': 'Das gibt es inzwischen schon; jemand hat es gerade angelegt. Bitte laden Sie die Seite neu.',
  '40001': 'Gleichzeitig wurde dasselbe geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut.',
  '40P01': 'Gleichzeitig wurde dasselbe geändert. Bitte laden Sie die Seite neu und versuchen Sie es erneut.',
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return send(req, reply, err.code, err.userMessage, err.fields);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where,
        message: v.message ?? 'ungültig',
      }));
      return send(req, reply, 'VALIDATION_FAILED', defaultUserMessage('VALIDATION_FAILED'), fields);
    }
    const clash = DATABASE_CLASHES[(err as { code?: unknown }).code as string];
    if (clash !== undefined) {
      // Two requests changed the same thing at the same moment; the database kept one. Not a fault.
      req.log.warn({ err }, 'concurrent change refused by the database');
      return send(req, reply, 'CONFLICT', clash);
    }
    const status = (err as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = codeForStatus(status);
      return send(req, reply, code, defaultUserMessage(code));
    }
    req.log.error({ err }, 'unexpected error');
    return send(req, reply, 'INTERNAL', defaultUserMessage('INTERNAL'));
  });

  app.setNotFoundHandler((req, reply) => send(req, reply, 'NOT_FOUND', defaultUserMessage('NOT_FOUND')));
}
