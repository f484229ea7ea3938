/**
 * The typed client for the vorrang staff API. Same origin, cookie session; every failure becomes an
 * ApiError carrying the server's German, user-safe message and any field messages.
 */

export type PriorityClass = 'P1' | 'P2' | 'P3' | 'P4';
export type ConcernStatus = 'neu' | 'in_bearbeitung' | 'wartet' | 'erledigt' | 'weitergeleitet';
export type Role = 'sachbearbeitung' | 'teamleitung' | 'administration';

export interface Me {
  email: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  tenant: { slug: string; name: string };
  abilities: Record<string, boolean>;
}

export interface AdminTeam {
  id: string;
  name: string;
  skills: string[];
  /** Enabled accounts of the team. */
  accounts: number;
  openConcerns: number;
}

export interface AdminAccount {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  team: { id: string; name: string } | null;
  disabled: boolean;
  createdAt: string;
  isMe: boolean;
}

export interface TeamRemoval {
  team: { name: string };
  movedTo: { name: string } | null;
  openConcerns: number;
  closedConcerns: number;
}

export interface Topic {
  slug: string;
  label: string;
  defaultClass: PriorityClass;
}

export interface Taxonomy {
  topics: Topic[];
  classes: Record<string, string>;
}

export interface Reason {
  kind: string;
  text: string;
}

export interface ConcernSummary {
  reference: string;
  subject: string;
  channel: string;
  senderKind: string;
  status: ConcernStatus;
  topic: string;
  topicLabel: string;
  priorityClass: PriorityClass;
  confidence: number;
  reasons: Reason[];
  language: string;
  receivedAt: string;
  receivedAtSource: 'system' | 'backdated';
  dueAt: string | null;
  claimedBy: string | null;
  /** The server's word on whether the logged-in person holds this concern. */
  claimedByMe: boolean;
  /** Set while a Zwischennachricht is due (the deadline cannot be met in time); null once sent. */
  interimNoticeDueAt: string | null;
  interimNoticeSentAt: string | null;
  leaseExpiresAt: string | null;
}

export interface Deadline {
  kind: string;
  label: string;
  legalBasis: string;
  startedBy: string;
  length: string;
  dueAt: string;
  dueDate: string;
  interimNoticeBy: string | null;
  consequence: string;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

export interface Sender {
  kind: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  kvnr: string | null;
  ik: string | null;
  betriebsnummer: string | null;
}

export interface ConcernDetail extends ConcernSummary {
  text: string;
  deadlines: Deadline[];
  receivedAtNote: string | null;
  recordedAt: string;
  sender: Sender;
  forwardedTo: string | null;
  triageVersion: string;
  triageOverridden: boolean;
  history: HistoryEntry[];
  abilities: Record<string, boolean>;
}

export interface Worklist {
  items: ConcernSummary[];
  total: number;
  mine: ConcernSummary[];
}

export interface WorklistQuery {
  limit: number;
  priorityClass?: PriorityClass | undefined;
  topic?: string | undefined;
}

export type ClassCounts = Record<PriorityClass, number>;

/** A deadline or interim notice coming due, as the dashboard lists them. */
export interface DueItem {
  reference: string;
  topic: string;
  topicLabel: string;
  priorityClass: PriorityClass;
  dueAt: string;
  kind: string | null;
}

/** Clearance dates (YYYY-MM-DD) in 50, 85 and 95 of 100 simulated runs; null when not within a year. */
export interface Clearance {
  backlog: number;
  p50: string | null;
  p85: string | null;
  p95: string | null;
  clearedShare: number;
}

export interface ClassClearance extends Clearance {
  key: string;
  label: string;
  note?: string;
}

export interface Dashboard {
  generatedAt: string;
  snapshotAt: string;
  staff: number;
  backlog: {
    total: number;
    byClass: ClassCounts;
    byTopic: { topic: string; label: string; count: number }[];
    byAge: { bucket: string; byClass: ClassCounts }[];
  };
  deadlines: { overdue: number; next3Days: number; next7Days: number; items: DueItem[] };
  interimNotices: { due: number; overdue: number; items: DueItem[] };
  throughput: { day: string; done: number; arrived: number }[];
  forecast: {
    today: string;
    runs: number;
    overall: Clearance;
    classes: ClassClearance[];
    note?: string;
  };
}

/** The levers of a what-if; only the ones set are sent. */
export interface WhatIfInput {
  extraStaff?: number | undefined;
  extraStaffFrom?: string | undefined;
  overtimePercent?: number | undefined;
  deflectionPercent?: number | undefined;
  crossFrom?: PriorityClass | undefined;
  crossTo?: PriorityClass | undefined;
  crossShare?: number | undefined;
}

export interface DayTriple {
  p50: number | null;
  p85: number | null;
  p95: number | null;
}

export interface ScenarioClass {
  key: string;
  label: string;
  p50: string | null;
  p85: string | null;
  p95: string | null;
  clearedShare: number;
  /** Days earlier than the baseline; null when either side is not within the horizon. */
  savedDays: DayTriple;
}

export interface Scenario {
  name: string;
  overall: ScenarioClass;
  classes: ScenarioClass[];
}

export interface WhatIfComparison {
  today: string;
  horizonDays: number;
  runs: number;
  baseline: Scenario;
  scenarios: Scenario[];
}

/** The what-if as query parameters, in a fixed order so equal scenarios give equal URLs. */
export function whatIfParams(w: WhatIfInput): URLSearchParams {
  const params = new URLSearchParams();
  const keys = [
    'extraStaff',
    'extraStaffFrom',
    'overtimePercent',
    'deflectionPercent',
    'crossFrom',
    'crossTo',
    'crossShare',
  ] as const;
  for (const k of keys) {
    const v = w[k];
    if (v !== undefined && v !== '') params.set(k, String(v));
  }
  return params;
}

export type ImportJobStatus = 'running' | 'done' | 'failed';
export type ImportFormat = 'csv' | 'jsonl';

/** One import job as the server reports it; totalRows is known once the job is done. */
export interface ImportJob {
  id: string;
  status: ImportJobStatus;
  source: string;
  format: ImportFormat;
  fileName: string | null;
  totalRows: number | null;
  processedRows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  bytesRead: number;
  bytesTotal: number | null;
  startedAt: string;
  finishedAt: string | null;
  rowsPerSecond: number | null;
  error: string | null;
  createdBy: string;
  /** A running job without a sign of life for longer than a live run goes without one: seconds since. */
  stalledSeconds: number | null;
}

/** A row the import did not take in: its place in the file, its key if it had one, and why. */
export interface ImportRejection {
  row: number;
  line: number;
  externalId: string | null;
  reason: string;
  raw: string;
}

/** The media type the import API expects for each file format. */
export const IMPORT_MEDIA_TYPE: Record<ImportFormat, string> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
};

export interface FieldMessage {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldMessage[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

const BASE = '/api/v1';

/** Called whenever the server says the session is gone, so the app can show the login. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const fields = Array.isArray(err?.fields)
    ? err.fields.filter(
        (f): f is FieldMessage => isRecord(f) && typeof f.field === 'string' && typeof f.message === 'string',
      )
    : [];
  return new ApiError(
    res.status,
    typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`,
    typeof err?.message === 'string'
      ? err.message
      : 'Der Server hat unerwartet geantwortet. Bitte versuchen Sie es erneut.',
    fields,
    typeof err?.requestId === 'string' ? err.requestId : undefined,
  );
}

/** Sends a body as it is (a JSON text, or a file straight from disk) with its media type. */
async function send<T>(method: string, path: string, body?: { data: BodyInit; type: string }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': body.type }),
      },
      ...(body === undefined ? {} : { body: body.data }),
    });
  } catch {
    throw new ApiError(
      0,
      'NETWORK',
      'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.',
    );
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && path !== '/auth/login' && path !== '/auth/me') onUnauthenticated?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(
    method,
    path,
    body === undefined ? undefined : { data: JSON.stringify(body), type: 'application/json' },
  );
}

const ref = (reference: string) => `/concerns/${encodeURIComponent(reference)}`;

export type SimpleStep = 'claim' | 'renew' | 'release' | 'resume' | 'complete';

export const api = {
  login: (email: string, password: string) => request<Me>('POST', '/auth/login', { email, password }),
  me: () => request<Me>('GET', '/auth/me'),
  logout: () => request<void>('POST', '/auth/logout'),
  topics: () => request<Taxonomy>('GET', '/topics'),
  worklist: (q: WorklistQuery) => {
    const params = new URLSearchParams({ limit: String(q.limit) });
    if (q.priorityClass) params.set('priorityClass', q.priorityClass);
    if (q.topic) params.set('topic', q.topic);
    return request<Worklist>('GET', `/worklist?${params.toString()}`);
  },
  claimNext: () => request<{ item: ConcernSummary | null }>('POST', '/worklist/claim'),
  concern: (reference: string) => request<ConcernDetail>('GET', ref(reference)),
  step: (reference: string, step: SimpleStep) => request<void>('POST', `${ref(reference)}/${step}`),
  wait: (reference: string, reason: string) => request<void>('POST', `${ref(reference)}/wait`, { reason }),
  forward: (reference: string, to: string, reason: string) =>
    request<void>('POST', `${ref(reference)}/forward`, { to, reason }),
  reclassify: (
    reference: string,
    change: { topic?: string; priorityClass?: PriorityClass; reason: string },
  ) => request<void>('PATCH', `${ref(reference)}/classification`, change),
  correctReceivedAt: (reference: string, receivedAt: string, reason: string) =>
    request<void>('PATCH', `${ref(reference)}/received-at`, { receivedAt, reason }),
  interimNoticeSent: (reference: string, note?: string) =>
    request<void>('POST', `${ref(reference)}/interim-notice`, note ? { note } : {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/auth/password', { currentPassword, newPassword }),
  adminTeams: () => request<{ teams: AdminTeam[] }>('GET', '/admin/teams'),
  createTeam: (team: { name: string; skills: string[] }) => request<AdminTeam>('POST', '/admin/teams', team),
  changeTeam: (id: string, change: { name?: string; skills?: string[] }) =>
    request<AdminTeam>('PATCH', `/admin/teams/${encodeURIComponent(id)}`, change),
  removeTeam: (id: string, moveTo: string | null) =>
    request<TeamRemoval>(
      'DELETE',
      `/admin/teams/${encodeURIComponent(id)}${moveTo ? `?moveTo=${encodeURIComponent(moveTo)}` : ''}`,
    ),
  adminAccounts: () => request<{ accounts: AdminAccount[] }>('GET', '/admin/accounts'),
  createAccount: (account: { email: string; displayName: string; role: Role; teamId: string | null }) =>
    request<{ account: AdminAccount; startPassword: string }>('POST', '/admin/accounts', account),
  changeAccount: (id: string, change: { role?: Role; teamId?: string | null } | { disabled: boolean }) =>
    request<AdminAccount>('PATCH', `/admin/accounts/${encodeURIComponent(id)}`, change),
  resetPassword: (id: string) =>
    request<{ account: AdminAccount; startPassword: string }>(
      'POST',
      `/admin/accounts/${encodeURIComponent(id)}/password-reset`,
    ),
  dashboard: () => request<Dashboard>('GET', '/dashboard'),
  whatIf: (w: WhatIfInput) =>
    request<{ comparison: WhatIfComparison }>('GET', `/dashboard/what-if?${whatIfParams(w).toString()}`),
  imports: () => request<{ imports: ImportJob[] }>('GET', '/imports'),
  importJob: (id: string) => request<ImportJob>('GET', `/imports/${encodeURIComponent(id)}`),
  importRejections: (id: string, after: number, limit: number) =>
    request<{ rejections: ImportRejection[] }>(
      'GET',
      `/imports/${encodeURIComponent(id)}/rejections?${new URLSearchParams({
        after: String(after),
        limit: String(limit),
      }).toString()}`,
    ),
  /** Starts an import; the file goes to the server as it is, so even large files are not read into memory. */
  uploadImport: (file: Blob, options: { format: ImportFormat; fileName: string; source: string }) => {
    const params = new URLSearchParams({ source: options.source });
    const name = options.fileName.trim().slice(0, 255);
    if (name) params.set('fileName', name);
    return send<{ id: string }>('POST', `/imports?${params.toString()}`, {
      data: file,
      type: IMPORT_MEDIA_TYPE[options.format],
    });
  },
};

/** Addresses of the server-drawn charts (SVG), for <img>; the session cookie goes along. */
export const chartUrls = {
  burndown: (w: WhatIfInput = {}) => {
    const q = whatIfParams(w).toString();
    return `${BASE}/dashboard/burndown.svg${q ? `?${q}` : ''}`;
  },
  whatIf: (w: WhatIfInput) => `${BASE}/dashboard/what-if.svg?${whatIfParams(w).toString()}`,
};
