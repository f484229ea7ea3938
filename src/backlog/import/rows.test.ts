import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../tenants/tenants.repository.js';
import { KeywordTriage } from '../../triage/keyword-triage.js';
import type { RawRecord } from './parse.js';
import { checkRow, encodeRows, joinBatches, parseReceivedAt, prepareRows } from './rows.js';

const now = new Date('2024-06-01T12:00:00Z');
const record = (fields: Record<string, unknown>): RawRecord => ({
  row: 4,
  line: 7,
  endOffset: 100,
  endLine: 7,
  raw: JSON.stringify(fields),
  fields,
  error: null,
});
const base = { externalId: 'X-1', receivedAt: '2024-03-01T08:00:00Z', text: 'Wo bleibt mein Krankengeld?' };

describe('parseReceivedAt', () => {
  it('reads German date and time as Berlin time, winter and summer', () => {
    expect(parseReceivedAt('15.01.2023 10:00')?.toISOString()).toBe('2023-01-15T09:00:00.000Z');
    expect(parseReceivedAt('15.07.2023 10:00')?.toISOString()).toBe('2023-07-15T08:00:00.000Z');
    expect(parseReceivedAt('5.7.2023')?.toISOString()).toBe('2023-07-04T22:00:00.000Z');
  });

  it('keeps an ISO offset and reads an ISO time without offset as Berlin time', () => {
    expect(parseReceivedAt('2023-03-02T10:00:00Z')?.toISOString()).toBe('2023-03-02T10:00:00.000Z');
    expect(parseReceivedAt('2023-03-02T10:00+0200')?.toISOString()).toBe('2023-03-02T08:00:00.000Z');
    expect(parseReceivedAt('2023-03-02 10:00')?.toISOString()).toBe('2023-03-02T09:00:00.000Z');
  });

  it('refuses impossible dates and other text', () => {
    for (const t of ['31.02.2023 10:00', '2023-13-01T00:00:00Z', '01.01.2023 24:00', 'gestern', '1680000000'])
      expect(parseReceivedAt(t)).toBeNull();
  });
});

describe('checkRow', () => {
  it('fills defaults: channel letter, sender insured, subject from the first line, provenance note', () => {
    const r = checkRow(record({ ...base, text: '\n  Betreff hier\nRest' }), { source: 'alt', now });
    if (!r.ok) throw new Error(r.reason);
    expect(r.input.channel).toBe('letter');
    expect(r.input.sender.kind).toBe('insured');
    expect(r.input.subject).toBe('Betreff hier');
    expect(r.input.receivedAtNote).toBe('Aus Altbestand importiert (Quelle alt, Zeile 7)');
  });

  it('names every problem of a row in plain German', () => {
    const r = checkRow(
      record({ externalId: ' ', receivedAt: '2030-01-01T00:00:00Z', channel: 'brieftaube', text: '' }),
      { source: 'alt', now },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('„externalId“ fehlt');
    expect(r.reason).toContain('liegt in der Zukunft');
    expect(r.reason).toContain('Unbekannter Kanal „brieftaube“');
    expect(r.reason).toContain('„text“ fehlt');
  });

  it('understands channels and sender kinds by their German and other common names', () => {
    const r = checkRow(record({ ...base, channel: 'Telefax', senderKind: 'Arbeitgeber' }), {
      source: 'alt',
      now,
    });
    expect(r.ok && [r.input.channel, r.input.sender.kind]).toEqual(['letter', 'employer']);
    const unknown = checkRow(record({ ...base, senderKind: 'Nachbar' }), { source: 'alt', now });
    expect(!unknown.ok && unknown.reason).toContain('Unbekannte Absenderart „Nachbar“');
  });

  it('refuses unparseable dates and texts over 50,000 characters', () => {
    const bad = checkRow(record({ ...base, receivedAt: '32.01.2023' }), { source: 'alt', now });
    expect(bad.ok ? '' : bad.reason).toContain('kein gültiges Datum');
    const long = checkRow(record({ ...base, text: 'a'.repeat(50_001) }), { source: 'alt', now });
    expect(long.ok ? '' : long.reason).toContain('zu lang');
    const max = checkRow(record({ ...base, text: 'a'.repeat(50_000) }), { source: 'alt', now });
    expect(max.ok).toBe(true);
  });

  it('gives the same content hash for the same content, a different one otherwise', () => {
    const a = checkRow(record(base), { source: 'alt', now });
    const b = checkRow(record({ ...base, receivedAt: '01.03.2024 09:00' }), { source: 'alt', now });
    const c = checkRow(record({ ...base, text: 'anders' }), { source: 'alt', now });
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid rows');
    expect(b.contentHash).toBe(a.contentHash);
    expect(c.contentHash).not.toBe(a.contentHash);
  });
});

describe('prepareRows', () => {
  const tenant: Tenant = { id: '00000000-0000-0000-0000-000000000001', slug: 'k', name: 'K', land: 'NW' };
  const ctx = {
    tenant,
    source: 'alt',
    triage: new KeywordTriage(),
    actor: { userId: null, label: 't' },
    now,
  };

  it('triages and times the row from its original receipt', () => {
    const [r] = prepareRows([record(base)], ctx);
    if (!r?.ok) throw new Error(r?.reason);
    expect(r.concern.receivedAt.toISOString()).toBe('2024-03-01T08:00:00.000Z');
    expect(r.concern.receivedAtSource).toBe('backdated');
    expect(r.concern.topic).toBe('krankengeld');
  });

  it('rejects a KVNR with a wrong check digit', () => {
    const [r] = prepareRows([record({ ...base, kvnr: 'A123456789' })], ctx);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.reason).toMatch(/^KVNR: /);
  });

  it('keeps each triage result with its own row when rows in between are rejected', () => {
    const rows = prepareRows(
      [
        record({
          ...base,
          externalId: 'A',
          text: 'Ich brauche eine neue Gesundheitskarte, die alte ist kaputt.',
        }),
        record({ ...base, externalId: 'B', receivedAt: 'gestern' }),
        record({ ...base, externalId: 'C', kvnr: 'A123456789' }),
        record({ ...base, externalId: 'D' }),
      ],
      ctx,
    );
    expect(rows.map((r) => r.ok)).toEqual([true, false, false, true]);
    const topics = rows.map((r) => (r.ok ? r.concern.topic : null));
    const alone = (text: string) => new KeywordTriage().classify({ text }).topic;
    expect(topics).toEqual([
      alone('Ich brauche eine neue Gesundheitskarte, die alte ist kaputt.'),
      null,
      null,
      alone(base.text),
    ]);
    expect(topics[0]).not.toBe(topics[3]);
  });

  it('encodes parts of a batch that join into the encoding of the whole batch', () => {
    const records = [
      record({ ...base, externalId: 'A', text: 'Mit "Anführungszeichen" und \\ Backslash, {Klammern}' }),
      record({ ...base, externalId: 'B', receivedAt: 'gestern' }),
      record({ ...base, externalId: 'C', receivedAt: 'morgen' }),
      record({ ...base, externalId: 'D', email: 'd@example.org' }),
      record({ ...base, externalId: 'E' }),
    ];
    const job = { id: 'job-1', source: 'alt' };
    const whole = encodeRows(prepareRows(records, ctx), job);
    // The middle part holds only rejected rows, so it adds nothing to the columns.
    const joined = joinBatches(
      [records.slice(0, 1), records.slice(1, 3), records.slice(3)].map((part) =>
        encodeRows(prepareRows(part, ctx), job),
      ),
    );
    expect(joined.rows.map((r) => [r.ok, r.externalId])).toEqual(whole.rows.map((r) => [r.ok, r.externalId]));
    expect(joined.after).toBe(whole.after);
    expect(joined.reasons).toBe(whole.reasons);
    // Ids (column 0) are drawn afresh; every other column is the same element by element.
    const cut = (columns: string[]) => columns.slice(1);
    expect(cut(joined.concerns)).toEqual(cut(whole.concerns));
    const ids = joined.rows.flatMap((r) => (r.ok ? [r.id] : []));
    expect(joined.concerns[0]).toBe(ids.map((id) => `"${id}"`).join(','));
    expect(whole.after.split('}","{').length).toBe(3); // A, D and E
  });
});
