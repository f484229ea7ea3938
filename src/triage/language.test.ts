import { describe, expect, it } from 'vitest';
import { languageLabel } from '../../web/src/labels.js';
import { LANGUAGES, detectLanguage } from './language.js';

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

  it('names the languages of Greek, Vietnamese, Persian, Portuguese and Croatian messages', () => {
    const cases: [string, string][] = [
      [
        'el',
        'Καλημέρα σας, η μητέρα μου βγαίνει αύριο από το νοσοκομείο και χρειάζεται ένα κρεβάτι στο σπίτι.',
      ],
      [
        'vi',
        'Xin chào, mẹ tôi sẽ xuất viện vào ngày mai và cần một chiếc giường đặc biệt ở nhà. Xin giúp đỡ.',
      ],
      ['fa', 'سلام، مادرم فردا از بیمارستان مرخص می‌شود و در خانه به یک تخت مخصوص نیاز دارد. لطفا کمک کنید.'],
      ['pt', 'Bom dia, a minha mãe sai amanhã do hospital e precisa de uma cama especial em casa. Obrigada.'],
    ];
    for (const [code, text] of cases) expect(detectLanguage(text).code, text).toBe(code);
    // Croatian, Serbian and Bosnian in Latin letters are nearly one language; any of the three will do.
    expect(['hr', 'sr', 'bs']).toContain(
      detectLanguage(
        'Dobar dan, moja majka sutra izlazi iz bolnice i treba joj posebni krevet kod kuće. Hvala vam.',
      ).code,
    );
  });

  it('keeps Russian in Cyrillic apart from Serbian and Bosnian, which it names only in Latin letters', () => {
    expect(
      detectLanguage(
        // franc's Bosnian profile in Cyrillic would take this one.
        'Доброе утро, дочка сегодня дома, ночью была высокая температура. Придём, когда врач разрешит.',
      ).code,
    ).toBe('ru');
    expect(['sr', 'bs', 'hr']).toContain(
      detectLanguage('Poštovani, već dva meseca nisam dobio novac za bolovanje, a kiriju moram da platim.')
        .code,
    );
  });

  it('gives the staff app the same German name for every language it can detect', () => {
    for (const { code, name } of Object.values(LANGUAGES)) expect(languageLabel(code), code).toBe(name);
  });
});
