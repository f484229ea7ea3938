/** Test factories that speak the domain: Kassen, staff, concerns of a chosen topic and class. */
import type { FastifyInstance } from 'fastify';
import { PUBLIC_ACTOR } from '../../src/audit/audit.repository.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Role } from '../../src/auth/roles.js';
import { takeInConcern, type IntakeInput } from '../../src/concerns/concerns.service.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { TenantCache } from '../../src/http/deps.js';
import { topicInfo, type Bundesland, type PriorityClass, type TopicSlug } from '../../src/shared/taxonomy.js';
import { insertTenant, type Tenant } from '../../src/tenants/tenants.repository.js';
import type { Triage, TriageInput, TriageResult } from '../../src/triage/triage.js';

/**
 * A triage whose answer the test chooses: a text starting with `[topic P1]` gets that topic and class.
 * Anything else falls through to the real triage. Lets ordering tests fix classes without depending on a
 * model's judgement.
 */
export class ScriptedTriage implements Triage {
  readonly version = 'scripted-test';
  constructor(private readonly fallback: Triage) {}
  classify(input: TriageInput): TriageResult {
    const m = /^\[([a-z0-9_]+) (P[1-4])\]/.exec(input.text);
    if (!m) return this.fallback.classify(input);
    const topic = m[1] as TopicSlug;
    return {
      topic,
      priorityClass: m[2] as PriorityClass,
      confidence: 1,
      reasons: [{ kind: 'rule', text: `Testvorgabe: ${topicInfo(topic).label}` }],
      language: 'de',
      version: this.version,
    };
  }
  classifyMany(inputs: readonly TriageInput[]): TriageResult[] {
    return inputs.map((input) => this.classify(input));
  }
}

let counter = 0;

export async function createTenant(db: Db, over: Partial<Omit<Tenant, 'id'>> = {}): Promise<Tenant> {
  counter++;
  return insertTenant(db, {
    slug: over.slug ?? `kasse-${counter}-${Date.now() % 100000}`,
    name: over.name ?? `Test-Kasse ${counter}`,
    land: (over.land ?? 'NW') as Bundesland,
  });
}

let sharedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'richtig-geheim';

export async function createStaff(
  db: Db,
  tenant: Tenant,
  over: { role?: Role; teamId?: string | null; name?: string } = {},
): Promise<{ id: string; email: string; password: string }> {
  counter++;
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const email = `staff${counter}-${Date.now() % 100000}@${tenant.slug}.example`;
  const row = await db
    .insertInto('users')
    .values({
      tenant_id: tenant.id,
      email,
      display_name: over.name ?? `Mitarbeiter ${counter}`,
      password_hash: await sharedHash,
      role: over.role ?? 'sachbearbeitung',
      team_id: over.teamId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, password: TEST_PASSWORD };
}

export async function createTeam(db: Db, tenant: Tenant, name: string, skills: TopicSlug[]): Promise<string> {
  const row = await db
    .insertInto('teams')
    .values({ tenant_id: tenant.id, name, skills })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function buildConcern(
  db: Db,
  tenant: Tenant,
  triage: Triage,
  over: { topic?: TopicSlug; priorityClass?: PriorityClass; text?: string; receivedAt?: Date } = {},
): Promise<string> {
  const prefix = over.topic
    ? `[${over.topic} ${over.priorityClass ?? topicInfo(over.topic).defaultClass}] `
    : '';
  const input: IntakeInput = {
    channel: over.receivedAt ? 'letter' : 'web',
    sender: { kind: 'insured' },
    subject: 'Testanliegen',
    text: prefix + (over.text ?? 'Bitte um Bearbeitung meines Anliegens.'),
    receivedAt: over.receivedAt,
    receivedAtNote: over.receivedAt ? 'Im Test nacherfasst' : undefined,
  };
  const r = await takeInConcern(db, tenant, input, { triage, actor: PUBLIC_ACTOR });
  return r.reference;
}

export async function testApp(db: Db, triage: Triage): Promise<FastifyInstance> {
  const config = loadConfig({ VORRANG_DEMO: '0', VORRANG_LOG_LEVEL: 'silent' });
  const app = await buildApp({ db, config, triage, tenants: new TenantCache(db, 0), publicRateLimit: false });
  await app.ready();
  return app;
}

/** Logs in through the API and returns the cookie header to send with later requests. */
export async function loginCookie(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'vorrang_session');
  if (!cookie) throw new Error('no session cookie');
  return `vorrang_session=${cookie.value}`;
}
