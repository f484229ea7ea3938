import { describe, expect, it } from 'vitest';
import { inputDefaultsOf, readInput } from './input-defaults.js';
import type { TriageInput } from './triage.js';

describe('input defaults', () => {
  const ex = (sender?: TriageInput['sender'], channel?: TriageInput['channel']): TriageInput => ({
    text: 'x',
    ...(sender && { sender }),
    ...(channel && { channel }),
  });

  it('are the most frequent sender and channel of the examples', () => {
    expect(
      inputDefaultsOf([ex('relative', 'letter'), ex('employer', 'letter'), ex('relative', 'web'), ex()]),
    ).toEqual({
      sender: 'relative',
      channel: 'letter',
      senders: ['relative', 'employer'],
      channels: ['web', 'letter'],
    });
  });

  it('take the first of equals in the order of the lists, and need both', () => {
    expect(inputDefaultsOf([ex('provider', 'chat'), ex('employer', 'email')])).toEqual({
      sender: 'employer',
      channel: 'email',
      senders: ['employer', 'provider'],
      channels: ['email', 'chat'],
    });
    expect(inputDefaultsOf([ex('insured')])).toBeUndefined();
  });
});

describe('reading an input', () => {
  const defaults = inputDefaultsOf([{ sender: 'insured', channel: 'email' }])!;

  it('leaves an input with a known sender and channel as it is, without a reason', () => {
    const input = { text: 'x', sender: 'insured', channel: 'email' } as const;
    expect(readInput(input, defaults)).toEqual({ input });
    expect(readInput({ text: 'x' }, undefined)).toEqual({ input: { text: 'x' } });
  });

  it('fills a missing or never seen sender or channel and names what it filled', () => {
    const read = readInput({ text: 'x', sender: 'provider', channel: 'edge' }, defaults);
    expect(read.input).toEqual({ text: 'x', sender: 'insured', channel: 'email' });
    expect(read.reason?.text).toBe(
      'Absender Leistungserbringer und Eingangskanal Notfall-Erfassung ohne Trainingsbeispiele: für die Einstufung wie Versicherte Person, E-Mail behandelt, die häufigste Angabe im Training.',
    );
    expect(readInput({ text: 'x', sender: 'insured' }, defaults).reason?.text).toMatch(
      /^Eingangskanal nicht angegeben oder nicht erkannt: für die Einstufung wie E-Mail behandelt/,
    );
  });
});
