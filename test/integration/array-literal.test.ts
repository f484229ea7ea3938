import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../src/db/array-literal.js';
import { createTestDatabase, dialect, type TestDatabase } from '../support/db.js';

describe(`array literals on ${dialect}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.close();
  });

  it('bring every string back unchanged, in order, with NULLs where values were missing', async () => {
    const values = [
      'plain',
      'Grüße, Straße {Hof} ✓',
      'say "hi" \\ and \\"both\\"',
      'NULL',
      '',
      '  leading and trailing  ',
      'line one\nline two\r\n\ttab',
      '{"json": ["in", "a", "string"]}',
      null,
      '😀 emoji outside the basic plane',
      undefined,
      'end\\',
    ];
    const { rows } = await sql<{ v: string | null; n: string }>`
      select v, n from unnest(${arrayLiteral(values)}::text[]) with ordinality as u(v, n)`.execute(
      t.handle.db,
    );
    expect(rows.map((r) => r.v)).toEqual(values.map((v) => v ?? null));
    expect(rows.map((r) => Number(r.n))).toEqual(values.map((_, i) => i + 1));
  });

  it('carry numbers and JSON documents into typed columns', async () => {
    const { rows } = await sql<{ score: number; doc: unknown }>`
      select score, doc from unnest(${arrayLiteral([1.5, -2, 1e-7])}::float8[],
        ${arrayLiteral([JSON.stringify({ a: 'x "y"' }), JSON.stringify([1, '\\']), null])}::jsonb[]) as u(score, doc)`.execute(
      t.handle.db,
    );
    expect(rows).toEqual([
      { score: 1.5, doc: { a: 'x "y"' } },
      { score: -2, doc: [1, '\\'] },
      { score: 1e-7, doc: null },
    ]);
  });
});
