import { franc, francAll } from 'franc-min';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../shared/corpus.js';
import { seededRandom } from '../shared/random.js';
import { LANGUAGES } from './language.js';
import { trigramLanguages } from './trigram-language.js';

const only = Object.keys(LANGUAGES);
const languages = trigramLanguages(only);
const detect = (text: string) => languages.detect(text);
/** The answer and every language's score, as franc-min's francAll gives them. */
const sameAsFranc = (texts: string[]) => {
  expect(texts.map(detect)).toEqual(texts.map((t) => franc(t, { only, minLength: 1 })));
  expect(texts.map((t) => languages.scores(t))).toEqual(
    texts.map((t) => francAll(t, { only, minLength: 1 })),
  );
};

describe('trigram language detection', () => {
  it('gives franc-min’s answer and scores on corpus texts, their non-Latin parts and their heads', () => {
    const texts = loadCorpus()
      .filter((_, i) => i % 7 === 0)
      .flatMap((m) => [m.text, m.text.slice(0, 40), m.text.replace(/\p{Script=Latin}+/gu, ' ')]);
    sameAsFranc(texts);
    const answers = texts.map(detect);
    for (const code of ['deu', 'eng', 'tur', 'pol', 'rus', 'ukr', 'arb']) expect(answers).toContain(code);
  });

  it('gives franc-min’s answer and scores on odd input: empty, digits, emoji, other scripts, random mixtures', () => {
    const rand = seededRandom(11);
    const symbols = 'abc xyz äöü ß ЖЩЯ ії مرحبا 日本 123 !?.,\n\t😀éèçñł';
    const texts = ['', ' ', '123', '!!!', 'ab', 'Ελληνικά κείμενα', 'यह हिंदी है', 'toString constructor'];
    // Longer than franc reads (2,048 characters), and longer still once lower-cased ('İ' becomes two).
    texts.push('İstanbul İzmir '.repeat(200), 'İ'.repeat(2100), 'Krankengeld und Pflegegeld '.repeat(100));
    for (let i = 0; i < 500; i++) {
      const n = Math.floor(rand() * 60);
      texts.push(Array.from({ length: n }, () => symbols[Math.floor(rand() * symbols.length)]).join(''));
    }
    sameAsFranc(texts);
  });

  it('offers a language listed as Latin-only for Latin text and never for its other script', () => {
    const both = trigramLanguages(['rus', 'srp', 'hrv']);
    const latin = trigramLanguages(['rus', 'srp', 'hrv'], ['srp']);
    const cyrillic = 'Поштовани, већ два месеца нисам добио новац, а кирију морам да платим до петка.';
    expect(both.detect(cyrillic)).toBe('srp');
    expect(latin.detect(cyrillic)).toBe('rus');
    expect(latin.scores(cyrillic).map(([l]) => l)).toEqual(['rus']);
    const roman = 'Poštovani, već dva meseca nisam dobio novac, a kiriju moram da platim do petka.';
    expect(latin.detect(roman)).toBe(both.detect(roman));
  });
});
