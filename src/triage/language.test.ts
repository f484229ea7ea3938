import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('recognises German by its function words, even with a few English ones', () => {
    const d = detectLanguage(
      'Hallo, ich habe seit März kein Krankengeld bekommen und der Support sagt nur "please wait". Bitte prüfen Sie das.',
    );
    expect(d).toEqual({ code: 'de', name: 'Deutsch', assumed: false });
  });

  it('recognises English by its function words', () => {
    const d = detectLanguage(
      'Hello, I have not received my sick pay since March. Could you please check what is wrong with the payment?',
    );
    expect(d.code).toBe('en');
  });

  it('does not take Polish with "i", "to" and "do" for English', () => {
    const d = detectLanguage(
      'Dzień dobry, to jest pilne: wysłałam wniosek do kasy i nadal nie ma odpowiedzi. Proszę o informację, co dalej.',
    );
    expect(d.code).toBe('pl');
  });

  it('assumes German for very short texts and gives und without letters', () => {
    expect(detectLanguage('Rückruf bitte')).toEqual({ code: 'de', name: 'Deutsch', assumed: true });
    expect(detectLanguage('😀 123 !!!').code).toBe('und');
  });

  it('judges the non-Latin part of a mixed note on its own', () => {
    const d = detectLanguage(
      'Anruf Fr. K.: Здравствуйте, моя мама лежит в больнице, и нам нужна помощь с оформлением документов.',
    );
    expect(d.code).toBe('ru');
  });
});
