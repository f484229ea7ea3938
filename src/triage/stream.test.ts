import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KeywordTriage } from './keyword-triage.js';
import { triageLine, triageLines, triageStream } from './stream.js';
import type { Triage } from './triage.js';

const triage = new KeywordTriage();
const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe('triage JSON lines', () => {
  it('answers a valid line with topic, class, confidence, reasons and language', () => {
    const out = parse(
      triageLine(triage, JSON.stringify({ id: 'a1', text: 'Mein Krankengeld fehlt', channel: 'email' })),
    );
    expect(out.id).toBe('a1');
    expect(out.topic).toBe('krankengeld');
    expect(out.priorityClass).toMatch(/^P[1-4]$/);
    expect(Array.isArray(out.reasons)).toBe(true);
    expect(out).not.toHaveProperty('error');
  });

  it('passes sender and channel on by code or by another common name; an unknown one as not given', () => {
    const seen: unknown[] = [];
    const recording: Triage = {
      version: 'recording',
      classify: (input) => {
        seen.push({ sender: input.sender, channel: input.channel });
        return triage.classify(input);
      },
      classifyMany(inputs) {
        return inputs.map((input) => this.classify(input));
      },
    };
    triageLines(recording, [
      '{"id":1,"text":"x","sender":"Arbeitgeber","channel":"Fax"}',
      '{"id":2,"text":"x","sender":"provider","channel":"phone_note"}',
      '{"id":3,"text":"x","sender":"Nachbar","channel":7}',
    ]);
    expect(seen).toEqual([
      { sender: 'employer', channel: 'letter' },
      { sender: 'provider', channel: 'phone_note' },
      { sender: undefined, channel: undefined },
    ]);
  });

  it('reports bad lines with a code and the id when it can be read', () => {
    expect(parse(triageLine(triage, '{"id":"x7","text":'))).toMatchObject({
      id: 'x7',
      error: { code: 'INVALID_JSON' },
    });
    expect(parse(triageLine(triage, 'not json'))).toMatchObject({ error: { code: 'INVALID_JSON' } });
    expect(parse(triageLine(triage, '[1,2]'))).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(parse(triageLine(triage, '{"id":3}'))).toMatchObject({ id: 3, error: { code: 'MISSING_TEXT' } });
    expect(parse(triageLine(triage, '{"id":"n","text":42}'))).toMatchObject({
      id: 'n',
      error: { code: 'INVALID_TEXT' },
    });
    expect(parse(triageLine(triage, '   '))).toMatchObject({ error: { code: 'EMPTY_LINE' } });
  });

  it('answers empty text instead of failing', () => {
    const out = parse(triageLine(triage, '{"id":"e","text":""}'));
    expect(out.error).toBeUndefined();
    expect(out.topic).toBeTypeOf('string');
  });

  it('answers a batch line by line, and a triage failure only on its own line', () => {
    const failing: Triage = {
      version: 'failing',
      classify: (input) => {
        if (input.text.includes('BOOM')) throw new Error('kaputt');
        return triage.classify(input);
      },
      classifyMany(inputs) {
        return inputs.map((input) => this.classify(input));
      },
    };
    const out = triageLines(failing, [
      '{"id":1,"text":"Pflegegeld kommt nicht"}',
      '{"id":2,"text":"BOOM"}',
      '',
      '{"id":4,"text":"Widerspruch gegen den Bescheid"}',
    ]).map(parse);
    expect(out.map((o) => o.id ?? null)).toEqual([1, 2, null, 4]);
    expect(out[0]).toMatchObject({ topic: 'pflegegeld' });
    expect(out[1]).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(out[2]).toMatchObject({ error: { code: 'EMPTY_LINE' } });
    expect(out[3]).toMatchObject({
      topic: triage.classify({ text: 'Widerspruch gegen den Bescheid' }).topic,
    });
  });

  it('streams one output line per input line, in order, and keeps going after errors', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const done = triageStream(triage, input, output);
    input.write('{"id":1,"text":"Pflegegeld kommt nicht"}\n');
    input.write('kaputt\n{"id":3,"text":"Widerspruch gegen den Bescheid"}\r\n');
    input.end('{"id":4,"text":"' + 'a'.repeat(1_000_000) + '"}\n');
    const stats = await done;
    const lines = chunks.join('').split('\n').filter(Boolean).map(parse);
    expect(stats).toEqual({ lines: 4, errors: 1 });
    expect(lines.map((l) => l.id ?? null)).toEqual([1, null, 3, 4]);
    expect(lines[1]).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it('needs an id, a string or a number, and refuses one it cannot echo exactly', () => {
    for (const line of ['{"text":"Krankengeld fehlt"}', '{"id":null,"text":"Krankengeld fehlt"}']) {
      expect(parse(triageLine(triage, line)), line).toEqual({
        error: { code: 'MISSING_ID', message: expect.any(String) },
      });
    }
    for (const id of ['{"a":1}', '[1]', 'true', '1e400']) {
      const line = `{"id":${id},"text":"Krankengeld fehlt"}`;
      expect(parse(triageLine(triage, line)), line).toEqual({
        error: { code: 'INVALID_ID', message: expect.any(String) },
      });
    }
    // Above 2^53 JSON.parse rounds: 12345678901234567890 would come back as 12345678901234567000.
    const big = parse(triageLine(triage, '{"id":12345678901234567890,"text":"Krankengeld fehlt"}'));
    expect(big).toEqual({ error: { code: 'INVALID_ID', message: expect.stringContaining('Zeichenkette') } });
    expect(parse(triageLine(triage, '{"id":-9007199254740993,"text":"x"}'))).toMatchObject({
      error: { code: 'INVALID_ID' },
    });
    // …and no first digits of it are salvaged from a broken line either.
    expect(parse(triageLine(triage, '{"id":12345678901234567890,"text":'))).toEqual({
      error: { code: 'INVALID_JSON', message: expect.any(String) },
    });
    for (const [line, id] of [
      ['{"id":"12345678901234567890","text":"x"}', '12345678901234567890'],
      ['{"id":9007199254740991,"text":"x"}', 9007199254740991],
      ['{"id":-7,"text":"x"}', -7],
      ['{"id":1.5,"text":"x"}', 1.5],
      ['{"id":"","text":"x"}', ''],
    ] as const) {
      const out = triageLine(triage, line);
      expect(parse(out), line).toMatchObject({ id, topic: expect.any(String) });
      expect(out.startsWith(`{"id":${JSON.stringify(id)},`), line).toBe(true);
    }
  });
});

async function streamed(chunks: readonly (string | Buffer)[]): Promise<{ stats: unknown; out: string[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const written: Buffer[] = [];
  output.on('data', (c: Buffer) => written.push(c));
  const done = triageStream(triage, input, output);
  for (const c of chunks) input.write(c);
  input.end();
  const stats = await done;
  const text = Buffer.concat(written).toString('utf8');
  expect(text.endsWith('\n') || text === '').toBe(true);
  return { stats, out: text.split('\n').slice(0, -1) };
}

describe('triage stream line splitting', () => {
  it('splits at LF only: a lone CR is JSON whitespace, a CR before the LF is dropped', async () => {
    const { stats, out } = await streamed([
      '{"id":"cr",\r"text":"Krankengeld fehlt"}\n',
      '{"id":"crlf","text":"Krankengeld fehlt"}\r\n',
      '\r\n',
      '{"id":"last",\r\r"text":"Krankengeld fehlt"}\r',
    ]);
    expect(stats).toEqual({ lines: 4, errors: 1 });
    const lines = out.map(parse);
    expect(lines.map((l) => l.id ?? null)).toEqual(['cr', 'crlf', null, 'last']);
    expect(lines[0]).toMatchObject({ topic: 'krankengeld' });
    expect(lines[1]).toMatchObject({ topic: 'krankengeld' });
    expect(lines[2]).toMatchObject({ error: { code: 'EMPTY_LINE' } });
    expect(lines[3]).toMatchObject({ topic: 'krankengeld' });
  });

  it('answers binary data with exactly one line per LF, also across chunk borders', async () => {
    // 24 LFs among bytes with many lone CRs, and a chunk border between a CR and its LF.
    const bytes: number[] = [];
    let seed = 7;
    for (let i = 0; i < 24; i++) {
      for (let j = 0; j < 40; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const b = seed % 256;
        bytes.push(b === 10 ? 13 : b, 13);
      }
      bytes.push(10);
    }
    const data = Buffer.from(bytes);
    const cut = data.indexOf(10) - 1;
    const { stats, out } = await streamed([data.subarray(0, cut), data.subarray(cut)]);
    expect(out).toHaveLength(24);
    expect(stats).toEqual({ lines: 24, errors: 24 });
    for (const line of out) expect(parse(line)).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it('keeps a line whole when a chunk ends inside it or inside a UTF-8 character', async () => {
    const line = Buffer.from('{"id":"ü","text":"Krankengeld für März fehlt"}\n{"id":2,"text":"Pflegegeld"}');
    const at = line.indexOf('ü') + 1; // between the two bytes of ü
    const { out } = await streamed([line.subarray(0, at), line.subarray(at, 30), line.subarray(30)]);
    expect(out.map(parse).map((l) => l.id)).toEqual(['ü', 2]);
    expect(parse(out[0]!)).toMatchObject({ topic: 'krankengeld' });
  });
});
