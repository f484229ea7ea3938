import { describe, expect, it } from 'vitest';
import {
  formatOverrides,
  OVERRIDE_WEIGHT,
  overridesToExamples,
  parseOverrides,
  type StaffOverride,
} from './overrides.js';

describe('staff overrides as training data', () => {
  it('turns overrides into weighted examples, last correction of a text winning', () => {
    const examples = overridesToExamples([
      { text: 'Taxi zur Dialyse', topic: 'fahrkosten', priorityClass: 'P4', reason: 'erst falsch' },
      {
        text: 'Karte verloren',
        subject: 'eGK',
        sender: 'relative',
        channel: 'letter',
        topic: 'egk_stammdaten',
        priorityClass: 'P4',
        reason: 'ok',
      },
      {
        text: 'Taxi zur Dialyse',
        topic: 'fahrkosten_serienbehandlung',
        priorityClass: 'P1',
        reason: 'Dialyse',
      },
    ]);
    expect(examples).toEqual([
      {
        id: 'override:0',
        text: 'Taxi zur Dialyse',
        topic: 'fahrkosten_serienbehandlung',
        priorityClass: 'P1',
        weight: OVERRIDE_WEIGHT,
      },
      {
        id: 'override:1',
        text: 'Karte verloren',
        subject: 'eGK',
        sender: 'relative',
        channel: 'letter',
        topic: 'egk_stammdaten',
        priorityClass: 'P4',
        weight: OVERRIDE_WEIGHT,
      },
    ]);
  });

  it('parses JSON lines and rejects unknown topics or classes with the line number', () => {
    const ok = parseOverrides(
      '{"text":"a","topic":"diga","priorityClass":"P4","reason":"r"}\n\n{"text":"b","topic":"reha","priorityClass":"P3","reason":"r"}\n',
    );
    expect(ok.map((o) => o.topic)).toEqual(['diga', 'reha']);
    expect(() => parseOverrides('{"text":"a","topic":"nope","priorityClass":"P4","reason":"r"}')).toThrow(
      /:1: topic/,
    );
    expect(() => parseOverrides('\n{"text":"a","topic":"diga","priorityClass":"P9","reason":"r"}')).toThrow(
      /:2:/,
    );
    expect(() => parseOverrides('{oops')).toThrow(/not valid JSON/);
  });

  it('writes JSON lines that parseOverrides reads back unchanged', () => {
    const overrides: StaffOverride[] = [
      {
        text: 'Zeile eins\nZeile „zwei“ \u2028 mit \\ am Ende',
        subject: 'Krankengeld',
        sender: 'insured',
        channel: 'phone_note',
        topic: 'krankengeld',
        priorityClass: 'P2',
        reason: 'Existenz',
      },
      { text: 'Karte verloren', topic: 'egk_stammdaten', priorityClass: 'P4', reason: '' },
    ];
    const jsonl = formatOverrides(overrides);
    expect(jsonl.split('\n')).toHaveLength(3);
    expect(jsonl.endsWith('\n')).toBe(true);
    expect(parseOverrides(jsonl)).toEqual(overrides);
    expect(formatOverrides([{ ...overrides[1]!, subject: '' }])).not.toContain('subject');
    expect(formatOverrides([])).toBe('');
  });
});
