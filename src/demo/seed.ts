/**
 * The demo Kasse: on a fresh database, one Kasse with teams, staff accounts and a post-outage backlog of
 * concerns received over the outage weeks, triaged by the real triage and timed by the real clocks.
 * Everything is written in one transaction: a crash leaves no half-seeded demo behind.
 */
import { sql } from 'kysely';
import { recordEvents, type AuditEvent } from '../audit/audit.repository.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { ROLE_LABEL } from '../auth/roles.js';
import { dequeue, insertConcerns, type NewConcern } from '../concerns/concerns.repository.js';
import { prepareConcern, triageInputOf, type IntakeInput } from '../concerns/concerns.service.js';
import { APP_ROLE, type Db } from '../db/database.js';
import { loadCorpus, type CorpusMessage } from '../shared/corpus.js';
import { pick, seededRandom } from '../shared/random.js';
import type { TopicSlug } from '../shared/taxonomy.js';
import type { Channel } from '../shared/channels.js';
import type { Triage } from '../triage/triage.js';
import { subjectFromText } from '../concerns/subject.js';

export const DEMO_SLUG = 'demo';
const DEMO_NAME = 'Demo-BKK Rhein-Ruhr';
const DAY = 86_400_000;

const TEAMS: { name: string; skills: TopicSlug[] }[] = [
  {
    name: 'Versorgung & Pflege',
    skills: [
      'entlassmanagement',
      'palliativ_sapv',
      'haeusliche_krankenpflege',
      'pflege_eilbegutachtung',
      'pflegegrad_antrag',
      'hilfsmittel',
      'fahrkosten_serienbehandlung',
      'pflegegeld',
      'pflegeunterstuetzungsgeld',
    ],
  },
  {
    name: 'Geldleistungen',
    skills: [
      'krankengeld',
      'krankengeld_aussteuerung',
      'kinderkrankengeld',
      'mutterschaftsgeld',
      'verletztengeld',
      'uebergangsgeld',
      'vorschuss',
    ],
  },
];

const ACCOUNTS: { email: string; name: string; role: Role; team?: string }[] = [
  { email: 'teamleitung@demo.example', name: 'Petra Lindner', role: 'teamleitung' },
  {
    email: 'sachbearbeitung@demo.example',
    name: 'Jonas Weber',
    role: 'sachbearbeitung',
    team: 'Geldleistungen',
  },
  { email: 'pflege@demo.example', name: 'Aylin Demir', role: 'sachbearbeitung', team: 'Versorgung & Pflege' },
  { email: 'admin@demo.example', name: 'Frank Köster', role: 'administration' },
];
const DEMO_PASSWORD = 'demo';

export interface DemoResult {
  tenantName: string;
  created: boolean;
  concerns: number;
  accounts: { email: string; password: string; role: string }[];
}

/** Which channels worked on a given outage day (0 = first day of the outage). */
function channelFor(day: number, rand: () => number): Channel {
  const r = rand();
  if (day < 2) return r < 0.6 ? 'letter' : r < 0.9 ? 'phone_note' : 'edge';
  if (day < 10) return r < 0.35 ? 'letter' : r < 0.8 ? 'phone_note' : r < 0.95 ? 'edge' : 'chat';
  if (day < 21)
    return r < 0.3 ? 'letter' : r < 0.6 ? 'phone_note' : r < 0.75 ? 'email' : r < 0.9 ? 'chat' : 'web';
  return r < 0.25 ? 'letter' : r < 0.4 ? 'phone_note' : r < 0.75 ? 'email' : r < 0.95 ? 'web' : 'chat';
}

/** Arrival intensity over the outage weeks: a surge at the start, a burst when e-mail returns. */
function arrivalWeight(day: number): number {
  if (day < 3) return 1.8;
  if (day < 10) return 1.4;
  if (day >= 20 && day < 23) return 2.2;
  return 1;
}

/** Moves a completion time onto a weekday (back to Friday) at a time during office hours. */
function officeHours(at: Date, rand: () => number): Date {
  const d = new Date(at);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() - 1);
  d.setUTCHours(7 + Math.floor(rand() * 9), Math.floor(rand() * 60));
  return d;
}

const BACKDATED_NOTE = 'Während des Systemausfalls eingegangen, nacherfasst mit dem Eingangsdatum.';
const SEED_ACTOR = { userId: null, label: 'Demo-Daten' };

const FOLLOW_UP = [
  'Erneute Nachfrage: ',
  'Nachtrag zu meiner Nachricht: ',
  'Zweite Nachricht, da keine Antwort kam. ',
  '',
];

export async function seedDemo(
  db: Db,
  opts: { size: number; triage: Triage; now?: Date; seed?: number; log?: (msg: string) => void },
): Promise<DemoResult> {
  const existing = await db
    .selectFrom('tenants')
    .select('id')
    .where('slug', '=', DEMO_SLUG)
    .executeTakeFirst();
  if (existing) return { tenantName: DEMO_NAME, created: false, concerns: 0, accounts: [] };

  const now = opts.now ?? new Date();
  const rand = seededRandom(opts.seed ?? 20230425);
  const corpus = loadCorpus().filter((m) => m.topic !== 'kein_anliegen' || rand() < 0.3);
  const hash = await hashPassword(DEMO_PASSWORD);
  const outageDays = 35;
  // Midnight in Germany (23:00 UTC in winter) on the first outage day, so arrivals fall in office hours.
  const first = new Date(now.getTime() - outageDays * DAY);
  const outageStart = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()) - 3_600_000;
  const weights = Array.from({ length: outageDays }, (_, d) => arrivalWeight(d));
  const totalWeight = weights.reduce((a, b) => a + b, 0);

  const created = await db.transaction().execute(async (trx) => {
    const tenant = await trx
      .insertInto('tenants')
      .values({ slug: DEMO_SLUG, name: DEMO_NAME, land: 'NW' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`select set_config('role', ${APP_ROLE}, true), set_config('vorrang.tenant_id', ${tenant.id}, true)`.execute(
      trx,
    );

    const teamIds = new Map<string, string>();
    const skillTeam = new Map<string, string>();
    for (const t of TEAMS) {
      const row = await trx
        .insertInto('teams')
        .values({ tenant_id: tenant.id, name: t.name, skills: t.skills })
        .returning('id')
        .executeTakeFirstOrThrow();
      teamIds.set(t.name, row.id);
      for (const s of t.skills) skillTeam.set(s, row.id);
    }
    const userIds: string[] = [];
    for (const a of ACCOUNTS) {
      const row = await trx
        .insertInto('users')
        .values({
          tenant_id: tenant.id,
          email: a.email,
          display_name: a.name,
          password_hash: hash,
          role: a.role,
          team_id: a.team ? (teamIds.get(a.team) ?? null) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (a.role !== 'administration') userIds.push(row.id);
    }

    const demoTenant = { id: tenant.id, slug: DEMO_SLUG, name: DEMO_NAME, land: 'NW' as const };
    const batch: { concern: NewConcern; done: Date | null; by: string | null }[] = [];
    let inserted = 0;
    const flush = async () => {
      const ids = await insertConcerns(
        trx,
        batch.map((b) => b.concern),
      );
      const events: AuditEvent[] = [];
      const doneIds: { id: string; at: Date; by: string | null }[] = [];
      ids.forEach((id, i) => {
        const b = batch[i]!;
        events.push({
          tenantId: tenant.id,
          actor: {
            userId: null,
            label: b.concern.receivedAtSource === 'backdated' ? 'Nacherfassung' : 'Öffentliche Annahme',
          },
          action: 'concern.created',
          subjectType: 'concern',
          subjectId: id,
          after: {
            reference: b.concern.reference,
            topic: b.concern.topic,
            priorityClass: b.concern.priorityClass,
          },
          reason: b.concern.receivedAtNote,
        });
        if (b.done) {
          doneIds.push({ id, at: b.done, by: b.by });
          events.push({
            tenantId: tenant.id,
            actor: { userId: b.by, label: 'Demo-Bearbeitung' },
            action: 'concern.complete',
            subjectType: 'concern',
            subjectId: id,
            before: { status: 'in_bearbeitung' },
            after: { status: 'erledigt' },
          });
        }
      });
      await dequeue(
        trx,
        doneIds.map((d) => d.id),
      );
      for (const d of doneIds) {
        await trx
          .updateTable('concerns')
          .set({ status: 'erledigt', completed_at: d.at, claimed_by: d.by })
          .where('id', '=', d.id)
          .execute();
      }
      await recordEvents(trx, events);
      inserted += ids.length;
      batch.length = 0;
      opts.log?.(`Demo: ${inserted}/${opts.size} Anliegen angelegt`);
    };

    const used = new Map<string, number>();
    for (let n = 0; n < opts.size; n++) {
      // Pick the arrival day by the intensity profile, then a time within office-ish hours.
      let x = rand() * totalWeight;
      let day = 0;
      while (day < outageDays - 1 && x > weights[day]!) x -= weights[day++]!;
      const receivedAt = new Date(outageStart + day * DAY + (7 + rand() * 11) * 3_600_000);
      const msg: CorpusMessage = pick(rand, corpus);
      const repeats = used.get(msg.id) ?? 0;
      used.set(msg.id, repeats + 1);
      const text = repeats > 0 ? `${pick(rand, FOLLOW_UP)}${msg.text}` : msg.text;
      const channel = channelFor(day, rand);
      const backdated = channel === 'letter' || channel === 'phone_note' || (channel === 'email' && day < 21);
      const input: IntakeInput = {
        channel,
        sender: { kind: msg.sender },
        subject: msg.subject ?? subjectFromText(text),
        text,
        receivedAt,
        receivedAtNote: BACKDATED_NOTE,
      };
      const prepared = prepareConcern(
        demoTenant,
        input,
        opts.triage.classify(triageInputOf(input)),
        SEED_ACTOR,
        now,
        null,
      );
      const ageDays = (now.getTime() - receivedAt.getTime()) / DAY;
      // Since the systems came back (day 21) the team works off more than arrives: older items are more
      // often done, and done items were finished in the recovery weeks, so the forecast has a trend to read.
      const restored = outageStart + 21 * DAY;
      const workedFrom = Math.max(receivedAt.getTime() + DAY, restored);
      const done =
        ageDays > 4 && rand() < (ageDays > 14 ? 0.6 : 0.3) && workedFrom < now.getTime() - DAY
          ? officeHours(new Date(workedFrom + rand() * (now.getTime() - DAY - workedFrom)), rand)
          : null;
      batch.push({
        concern: {
          ...prepared,
          // Items that came in on a working digital channel were time-stamped by the system itself.
          receivedAtSource: backdated ? 'backdated' : 'system',
          receivedAtNote: backdated ? BACKDATED_NOTE : null,
          teamId: skillTeam.get(prepared.topic) ?? null,
        },
        done,
        by: done ? pick(rand, userIds) : null,
      });
      if (batch.length === 500) await flush();
    }
    if (batch.length) await flush();
    return inserted;
  });

  return {
    tenantName: DEMO_NAME,
    created: true,
    concerns: created,
    accounts: ACCOUNTS.map((a) => ({ email: a.email, password: DEMO_PASSWORD, role: ROLE_LABEL[a.role] })),
  };
}
