import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reclassify } from '../../src/concerns/concerns.service.js';
import { withTenant } from '../../src/db/database.js';
import { addDays, berlinDate } from '../../src/deadlines/calendar.js';
import type { Tenant } from '../../src/tenants/tenants.repository.js';
import { KeywordTriage } from '../../src/triage/keyword-triage.js';
import { exportOverridesCommand, parseExportArgs, type ExportArgs } from '../../src/triage/overrides.cli.js';
import { formatOverrides, parseOverrides } from '../../src/triage/overrides.js';
import { exportOverrides, OVERRIDES_EXPORTED } from '../../src/triage/overrides.service.js';
import { buildConcern, createStaff, createTenant, ScriptedTriage } from '../support/factories.js';
import { useTestApp } from '../support/harness.js';

const triage = new ScriptedTriage(new KeywordTriage());
const env = useTestApp(triage);

let kasse: Tenant;
let other: Tenant;
let lead: { id: string };
const TEXT = 'Ich brauche neue Zähne, der Heil- und Kostenplan liegt bei.';
const OTHER_TEXT = 'Geheimer Text der anderen Kasse.';

const actor = () => ({ userId: lead.id, label: 'Teamleitung Test' });

async function exportEvents(tenant: Tenant) {
  return withTenant(env.db, tenant.id, (trx) =>
    trx
      .selectFrom('audit_events')
      .select(['actor_id', 'actor_label', 'subject_type', 'subject_id', 'after'])
      .where('action', '=', OVERRIDES_EXPORTED)
      .orderBy('id')
      .execute(),
  );
}

async function lastReclassifiedAt(tenant: Tenant): Promise<Date> {
  const row = await withTenant(env.db, tenant.id, (trx) =>
    trx
      .selectFrom('audit_events')
      .select('at')
      .where('action', '=', 'concern.reclassified')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow(),
  );
  return row.at;
}

function capture() {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

function args(argv: string[]): ExportArgs {
  const a = parseExportArgs(argv);
  if (a === 'help') throw new Error('unexpected help');
  return a;
}

beforeAll(async () => {
  kasse = await createTenant(env.db, { slug: 'overrides-kasse' });
  other = await createTenant(env.db, { slug: 'overrides-andere' });
  lead = await createStaff(env.db, kasse, { role: 'teamleitung' });
  const otherStaff = await createStaff(env.db, other);

  const corrected = await buildConcern(env.db, kasse, triage, {
    topic: 'diga',
    priorityClass: 'P4',
    text: TEXT,
  });
  await buildConcern(env.db, kasse, triage, { topic: 'krankengeld', priorityClass: 'P2' });
  const ctx = { tenant: kasse, userId: lead.id, displayName: 'Teamleitung Test' };
  // Two corrections of the same concern: the export carries the current class and the latest reason.
  await reclassify(env.db, ctx, corrected, {
    topic: 'leistungsantrag',
    priorityClass: 'P4',
    reason: 'Erst einmal Leistungsantrag',
  });
  await reclassify(env.db, ctx, corrected, { priorityClass: 'P3', reason: 'Antrag auf Zahnersatz' });

  const foreign = await buildConcern(env.db, other, triage, {
    topic: 'diga',
    priorityClass: 'P4',
    text: OTHER_TEXT,
  });
  await reclassify(env.db, { tenant: other, userId: otherStaff.id, displayName: 'Andere' }, foreign, {
    topic: 'reha',
    priorityClass: 'P3',
    reason: 'Reha',
  });
});

describe('export of staff overrides as training data', () => {
  it('exports exactly the overridden concern with the staff topic and class, its text and the latest reason', async () => {
    const overrides = await exportOverrides(env.db, kasse, actor());
    expect(overrides).toEqual([
      {
        text: `[diga P4] ${TEXT}`,
        subject: 'Testanliegen',
        sender: 'insured',
        channel: 'web',
        topic: 'leistungsantrag',
        priorityClass: 'P3',
        reason: 'Antrag auf Zahnersatz',
      },
    ]);
    expect(parseOverrides(formatOverrides(overrides))).toEqual(overrides);

    const events = await exportEvents(kasse);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      actor_id: lead.id,
      actor_label: 'Teamleitung Test',
      subject_type: 'tenant',
      subject_id: kasse.id,
      after: { count: 1, since: null },
    });
  });

  it('never shows a concern of another Kasse (row-level security)', async () => {
    const mine = await exportOverrides(env.db, kasse, actor());
    expect(JSON.stringify(mine)).not.toContain(OTHER_TEXT);
    const theirs = await exportOverrides(env.db, other, { userId: null, label: 'System' });
    expect(theirs).toEqual([
      {
        text: `[diga P4] ${OTHER_TEXT}`,
        subject: 'Testanliegen',
        sender: 'insured',
        channel: 'web',
        topic: 'reha',
        priorityClass: 'P3',
        reason: 'Reha',
      },
    ]);
    // Each export was recorded at its own Kasse only.
    expect((await exportEvents(other)).map((e) => e.subject_id)).toEqual([other.id]);
  });

  it('with since, keeps only concerns reclassified at or after that instant, and records it', async () => {
    const at = await lastReclassifiedAt(kasse);
    expect(await exportOverrides(env.db, kasse, actor(), { since: at })).toHaveLength(1);
    const later = new Date(at.getTime() + 1);
    expect(await exportOverrides(env.db, kasse, actor(), { since: later })).toEqual([]);
    expect((await exportEvents(kasse)).at(-1)?.after).toEqual({ count: 0, since: later.toISOString() });
  });

  it('the command writes JSON lines that train --overrides accepts, and counts them on stderr', async () => {
    const day = berlinDate(await lastReclassifiedAt(kasse));
    const out = capture();
    expect(await exportOverridesCommand(env.db, args(['--tenant', kasse.slug, '--since', day]), out.io)).toBe(
      0,
    );
    expect(parseOverrides(out.stdout)).toMatchObject([{ topic: 'leistungsantrag', priorityClass: 'P3' }]);
    expect(out.stderr).toContain('1 Korrektur exportiert');

    const none = capture();
    const next = addDays(day, 1);
    expect(
      await exportOverridesCommand(env.db, args(['--tenant', kasse.slug, '--since', next]), none.io),
    ).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('0 Korrekturen exportiert');
  });

  it('writes the file readable by its owner only, also when it existed before', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vorrang-overrides-'));
    try {
      const file = path.join(dir, 'overrides.jsonl');
      fs.writeFileSync(file, 'alt\n', { mode: 0o644 });
      const out = capture();
      expect(
        await exportOverridesCommand(env.db, args(['--tenant', kasse.slug, '--out', file]), out.io),
      ).toBe(0);
      expect(out.stdout).toBe('');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const lines = parseOverrides(fs.readFileSync(file, 'utf8'), file);
      expect(lines.map((o) => o.reason)).toEqual(['Antrag auf Zahnersatz']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers an unknown Kasse or an unwritable file with exit code 2 and records no export', async () => {
    const before = (await exportEvents(kasse)).length;
    const unknown = capture();
    expect(await exportOverridesCommand(env.db, args(['--tenant', 'gibt-es-nicht']), unknown.io)).toBe(2);
    expect(unknown.stderr).toContain('„gibt-es-nicht“ ist hier nicht eingerichtet');
    const bad = capture();
    const nowhere = path.join(os.tmpdir(), 'vorrang-kein-ordner', 'x', 'o.jsonl');
    expect(
      await exportOverridesCommand(env.db, args(['--tenant', kasse.slug, '--out', nowhere]), bad.io),
    ).toBe(2);
    expect(bad.stderr).toContain('lässt sich nicht schreiben');
    expect((await exportEvents(kasse)).length).toBe(before);
  });
});
