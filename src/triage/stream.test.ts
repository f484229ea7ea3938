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
});
