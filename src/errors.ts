/**
 * The one error type. `message` is for the log; `userMessage` is what a caller may read. Social data are
 * confidential (§ 35 SGB I), so internal detail never reaches a response.
 */
const CODES = {
  VALIDATION_FAILED: { status: 400, text: 'Die Eingabe ist nicht gültig.' },
  MALFORMED_REQUEST: { status: 400, text: 'Die Anfrage ist nicht lesbar.' },
  UNAUTHENTICATED: { status: 401, text: 'Bitte melden Sie sich an.' },
  LOGIN_FAILED: { status: 401, text: 'E-Mail-Adresse oder Passwort ist falsch.' },
  FORBIDDEN: { status: 403, text: 'Dafür fehlt Ihnen die Berechtigung.' },
  NOT_FOUND: { status: 404, text: 'Diese Seite oder Ressource gibt es nicht.' },
  TENANT_NOT_FOUND: { status: 404, text: 'Diese Krankenkasse ist hier nicht eingerichtet.' },
  CONCERN_NOT_FOUND: { status: 404, text: 'Dieses Anliegen wurde nicht gefunden.' },
  METHOD_NOT_ALLOWED: { status: 405, text: 'Diese Methode ist hier nicht erlaubt.' },
  CONFLICT: { status: 409, text: 'Der Vorgang passt nicht zum aktuellen Stand.' },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    text: 'Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet.',
  },
  NOT_CLAIMED: { status: 409, text: 'Sie bearbeiten dieses Anliegen gerade nicht.' },
  INVALID_TRANSITION: { status: 409, text: 'Dieser Statuswechsel ist nicht möglich.' },
  PAYLOAD_TOO_LARGE: { status: 413, text: 'Die Anfrage ist zu groß.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, text: 'Dieses Format wird nicht unterstützt.' },
  RATE_LIMITED: { status: 429, text: 'Zu viele Anfragen. Bitte versuchen Sie es gleich noch einmal.' },
  NOT_READY: { status: 503, text: 'Der Dienst startet gerade. Bitte versuchen Sie es gleich noch einmal.' },
  INTERNAL: {
    status: 500,
    text: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
  },
} as const satisfies Record<string, { status: number; text: string }>;

export type ErrorCode = keyof typeof CODES;

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly userMessage: string;

  constructor(
    readonly code: ErrorCode,
    options: { message?: string; userMessage?: string; fields?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(options.message ?? code, { cause: options.cause });
    this.status = CODES[code].status;
    this.userMessage = options.userMessage ?? CODES[code].text;
    this.fields = options.fields;
  }

  readonly fields: FieldIssue[] | undefined;
}

export function statusOf(code: ErrorCode): number {
  return CODES[code].status;
}

export function defaultUserMessage(code: ErrorCode): string {
  return CODES[code].text;
}

/** A refused input: the message names what is wrong with one field, and is what the person reads. */
export function invalidField(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { message, userMessage: message, fields: [{ field, message }] });
}

export function notFound(
  code: 'CONCERN_NOT_FOUND' | 'TENANT_NOT_FOUND' | 'NOT_FOUND' = 'NOT_FOUND',
): AppError {
  return new AppError(code);
}
