/** Row types of the tables, as Kysely sees them. Rows are mapped to domain objects in the repositories. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  land: string;
  created_at: CreatedAt;
}

export interface TeamsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  skills: ColumnType<string[], string[], string[]>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: 'sachbearbeitung' | 'teamleitung' | 'administration';
  team_id: string | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface ConcernsTable {
  id: Generated<string>;
  tenant_id: string;
  reference: string;
  channel: string;
  sender_kind: string;
  sender_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  kvnr: string | null;
  ik: string | null;
  betriebsnummer: string | null;
  subject: string;
  body: string;
  received_at: Timestamp;
  received_at_source: 'system' | 'backdated';
  received_at_note: string | null;
  recorded_at: Generated<Date>;
  recorded_by: string | null;
  status: 'neu' | 'in_bearbeitung' | 'wartet' | 'erledigt' | 'weitergeleitet';
  topic: string;
  priority_class: 'P1' | 'P2' | 'P3' | 'P4';
  class_rank: number;
  triage_confidence: number;
  triage_reasons: JSONColumnType<unknown[]>;
  triage_version: string;
  triage_overridden: Generated<boolean>;
  language: string;
  deadlines: JSONColumnType<unknown[]>;
  earliest_due_at: Timestamp | null;
  team_id: string | null;
  claimed_by: string | null;
  lease_expires_at: Timestamp | null;
  forwarded_to: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  updated_at: Generated<Date>;
  completed_at: Timestamp | null;
  earliest_due_kind: string | null;
  interim_notice_due_at: Timestamp | null;
  interim_notice_sent_at: Timestamp | null;
}

export interface WorkQueueTable {
  concern_id: string;
  tenant_id: string;
  score: number;
  team_id: string | null;
  priority_class: 'P1' | 'P2' | 'P3' | 'P4';
  topic: string;
}

export interface DispatchRunsTable {
  tenant_id: string;
  locked_until: ColumnType<Date, Date | string | undefined, Date | string>;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_items: number | null;
  last_notices: number | null;
  last_ms: number | null;
  pbar_hours: number | null;
  snapshot: ColumnType<unknown, string | null, string | null>;
  snapshot_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  tenant_id: string;
  at: Generated<Date>;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  after: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  reason: string | null;
}

export interface Database {
  tenants: TenantsTable;
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  concerns: ConcernsTable;
  audit_events: AuditEventsTable;
  dispatch_runs: DispatchRunsTable;
  work_queue: WorkQueueTable;
}
