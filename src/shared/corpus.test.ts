import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProbeFile } from './corpus.js';

describe('probe files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vorrang-probe-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, lines: string[]): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join('\n'));
    return file;
  };

  it('reads every message in file order, skipping blank lines', () => {
    const file = write('ok.jsonl', [
      JSON.stringify({ id: 'p-1', text: 'Mein Paket ist nicht angekommen.' }),
      '',
      JSON.stringify({ id: 'p-2', text: 'Bitte Vertrag kündigen.', extra: 1 }),
    ]);
    expect(readProbeFile(file)).toEqual([
      { id: 'p-1', text: 'Mein Paket ist nicht angekommen.' },
      { id: 'p-2', text: 'Bitte Vertrag kündigen.' },
    ]);
  });

  it('names the file and line of a bad message', () => {
    const good = JSON.stringify({ id: 'p-1', text: 'Hallo' });
    expect(() => readProbeFile(write('json.jsonl', [good, '{"id": "p-2", "text": ']))).toThrow(
      'json.jsonl:2: not valid JSON',
    );
    expect(() => readProbeFile(write('id.jsonl', [JSON.stringify({ text: 'Hallo' })]))).toThrow(
      'id.jsonl:1: missing id',
    );
    expect(() =>
      readProbeFile(write('text.jsonl', [good, JSON.stringify({ id: 'p-2', text: '  ' })])),
    ).toThrow('text.jsonl:2: empty text');
  });
});
