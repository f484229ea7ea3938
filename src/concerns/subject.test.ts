import { describe, expect, it } from 'vitest';
import { subjectFromText } from './subject.js';

describe('subject from the text', () => {
  it('skips greetings and takes the first line that says something', () => {
    expect(subjectFromText('Sehr geehrte Damen und Herren,\n\nmein Krankengeld fehlt seit März.')).toBe(
      'mein Krankengeld fehlt seit März.',
    );
    expect(subjectFromText('Hallo!\nNeue Adresse ab 1.3.: Lindenweg 4')).toBe(
      'Neue Adresse ab 1.3.: Lindenweg 4',
    );
    expect(subjectFromText('Dzień dobry,\nmuszę jeździć na dializę')).toBe('muszę jeździć na dializę');
  });

  it('keeps a greeting that carries the message, and a text that is only a greeting', () => {
    expect(subjectFromText('Hallo, mein Vater wird morgen entlassen und braucht ein Pflegebett.')).toBe(
      'Hallo, mein Vater wird morgen entlassen und braucht ein Pflegebett.',
    );
    expect(subjectFromText('Guten Tag,')).toBe('Guten Tag,');
    expect(subjectFromText('   \n  ')).toBe('');
  });

  it('cuts a long line at a word boundary', () => {
    const s = subjectFromText(`${'Pflegegeld '.repeat(20)}fehlt`, 40);
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s.endsWith('Pflegegeld…')).toBe(true);
  });
});
