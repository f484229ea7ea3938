import { describe, expect, it } from 'vitest';
import { ImportFileError, readRecords, type RawRecord, type ReadOptions } from './parse.js';

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function all(data: string | Buffer, opts: ReadOptions, chunk = 1 << 16): Promise<RawRecord[]> {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const out: RawRecord[] = [];
  for await (const r of readRecords(chunked(buf, chunk), opts)) out.push(r);
  return out;
}

const CSV =
  '\uFEFFexternalId;receivedAt;text;Bemerkung\r\n' +
  'A-1;01.03.2023 09:15;"Erste Zeile\r\nzweite Zeile mit ""Zitat"" und ; Semikolon";x\r\n' +
  '\r\n' +
  'A-2;2023-03-02T10:00:00Z;Krankengeld für Müller ✓;\r\n';

describe('CSV', () => {
  it('reads quoted fields with line breaks, escaped quotes and separators, and skips BOM and blank lines', async () => {
    const rows = await all(CSV, { format: 'csv' });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.fields).toEqual({
      externalId: 'A-1',
      receivedAt: '01.03.2023 09:15',
      text: 'Erste Zeile\r\nzweite Zeile mit "Zitat" und ; Semikolon',
    });
    expect(rows[0]!).toMatchObject({ row: 1, line: 2, error: null });
    expect(rows[1]!.fields!.text).toBe('Krankengeld für Müller ✓');
    expect(rows[1]!).toMatchObject({ row: 2, line: 5 });
    expect(rows[1]!.endOffset).toBe(Buffer.byteLength(CSV));
  });

  it('gives the same records whatever the chunk size, also when a chunk splits a character', async () => {
    const whole = await all(CSV, { format: 'csv' });
    for (const size of [1, 2, 3, 7, 64]) expect(await all(CSV, { format: 'csv' }, size)).toEqual(whole);
  });

  it('resumes at a committed byte offset with the same row and line numbers', async () => {
    let header = null as Parameters<NonNullable<ReadOptions['onHeader']>>[0] | null;
    const whole = await all(CSV, { format: 'csv', onHeader: (h) => (header = h) });
    const first = whole[0]!;
    const rest = await all(Buffer.from(CSV).subarray(first.endOffset), {
      format: 'csv',
      startOffset: first.endOffset,
      startRow: first.row,
      startLine: first.endLine,
      header,
    });
    expect(rest).toEqual(whole.slice(1));
  });

  it('detects the comma as separator', async () => {
    const rows = await all('externalId,receivedAt,text\n7,2023-01-01,"a, b"\n', { format: 'csv' });
    expect(rows[0]!.fields).toEqual({ externalId: '7', receivedAt: '2023-01-01', text: 'a, b' });
  });

  it('reports malformed lines and carries on with the next line', async () => {
    const rows = await all(
      'externalId;receivedAt;text\n' +
        '1;2023-01-01;"gut"x\n' +
        '2;2023-01-01\n' +
        '3;2023-01-01;ok\n' +
        '4;2023-01-01;"nie geschlossen\n' +
        '5;2023-01-01;auch weg\n',
      { format: 'csv' },
    );
    expect(rows.map((r) => [r.row, r.error === null])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
      [5, true],
    ]);
    expect(rows[0]!.error).toContain('Anführungszeichen');
    expect(rows[1]!.error).toBe('Die Zeile hat 2 statt 3 Felder.');
    expect(rows[3]!.error).toContain('nicht geschlossen');
    expect(rows[4]!.fields!.text).toBe('auch weg');
  });

  it('refuses a header without the required columns', async () => {
    await expect(all('id;datum;text\n1;2;3\n', { format: 'csv' })).rejects.toBeInstanceOf(ImportFileError);
  });
});

describe('JSON Lines', () => {
  it('reads objects, reports invalid lines and skips blank ones', async () => {
    const text = '{"externalId":"j1","text":"a"}\n\n[1,2]\n{kaputt\r\n{"externalId":2}';
    const rows = await all(text, { format: 'jsonl' }, 5);
    expect(rows.map((r) => [r.row, r.line, r.error])).toEqual([
      [1, 1, null],
      [2, 3, 'Die JSON-Zeile ist kein Objekt.'],
      [3, 4, 'Die Zeile ist kein gültiges JSON.'],
      [4, 5, null],
    ]);
    expect(rows[0]!.fields).toEqual({ externalId: 'j1', text: 'a' });
    expect(rows[3]!.endOffset).toBe(Buffer.byteLength(text));
  });
});

describe('encoding and unreadable rows', () => {
  // "Krankengeld für März fehlt" saved as Latin-1: ü = 0xFC, ä = 0xE4 (no valid UTF-8).
  const latin1 = Buffer.concat([
    Buffer.from('externalId;receivedAt;text\n'),
    Buffer.from('E1;2023-04-26;Krankengeld f\xfcr M\xe4rz fehlt\n', 'latin1'),
    Buffer.from('E2;2023-04-26;Krankengeld für März fehlt\n'),
    Buffer.from('E3;2023-04-26;Ersatzzeichen \uFFFD steht so in der Datei\n'),
  ]);

  it('rejects a CSV row that is not UTF-8, with its externalId, and reads the rows after it', async () => {
    for (const size of [1, 5, 1 << 16]) {
      const rows = await all(latin1, { format: 'csv' }, size);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatchObject({ row: 1, line: 2, fields: null, externalId: 'E1' });
      expect(rows[0]!.error).toMatch(/^Der Text ist nicht in UTF-8 kodiert \(Feld „text“\); .*Latin-1/);
      expect(rows[1]).toMatchObject({ error: null, fields: { text: 'Krankengeld für März fehlt' } });
      // A replacement character written as valid UTF-8 is text like any other.
      expect(rows[2]).toMatchObject({
        error: null,
        fields: { text: 'Ersatzzeichen \uFFFD steht so in der Datei' },
      });
    }
  });

  it('rejects a JSON line that is not UTF-8, with its externalId', async () => {
    const data = Buffer.concat([
      Buffer.from('{"externalId":"J1","receivedAt":"2023-04-26","text":"M\xe4rz"}\n', 'latin1'),
      Buffer.from('{"externalId":"J2","receivedAt":"2023-04-26","text":"März"}\n'),
    ]);
    const rows = await all(data, { format: 'jsonl' });
    expect(rows[0]).toMatchObject({ fields: null, externalId: 'J1' });
    expect(rows[0]!.error).toMatch(/^Der Text ist nicht in UTF-8 kodiert \(Feld „text“\)/);
    expect(rows[1]).toMatchObject({ error: null, fields: { externalId: 'J2', text: 'März' } });
  });

  it('names the externalId of a CSV row with the wrong number of fields when it can be read', async () => {
    const rows = await all(
      'externalId;receivedAt;text\nE7;2023-04-26;eins;zwei\n;2023-04-26;x;y\nE8;2023-04-26\n',
      { format: 'csv' },
    );
    expect(rows.map((r) => [r.error, r.externalId ?? null])).toEqual([
      ['Die Zeile hat 4 statt 3 Felder.', 'E7'],
      ['Die Zeile hat 4 statt 3 Felder.', null],
      ['Die Zeile hat 2 statt 3 Felder.', 'E8'],
    ]);
  });
});
