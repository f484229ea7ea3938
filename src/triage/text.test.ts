import { describe, expect, it } from 'vitest';
import {
  MAX_FEATURE_CHARS,
  cleanText,
  forTest,
  foldText,
  hasLetter,
  letterStats,
  looksLikeHtml,
  stripHtml,
  tokenShape,
  tokenize,
  topLevelAlternatives,
} from './text.js';

describe('text clean-up', () => {
  it('folds umlauts and ß so both spellings meet', () => {
    expect(foldText('Pflegegeld für Großmutter')).toBe(foldText('Pflegegeld fuer Grossmutter'));
    expect(foldText('ÄÖÜ')).toBe('aeoeue');
  });

  it('strips HTML tags, scripts and entities', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p>Mein Krankengeld &uuml;berwiesen?</p><script>alert(1)</script><br>Gr&#252;&szlig;e</body></html>';
    expect(looksLikeHtml(html)).toBe(true);
    const text = cleanText(html);
    expect(text).toContain('Mein Krankengeld überwiesen?');
    expect(text).toContain('Grüße');
    expect(text).not.toMatch(/<|alert|color/);
  });

  it('leaves prose with a "<" alone', () => {
    expect(looksLikeHtml('Beitrag < 100 Euro')).toBe(false);
    expect(stripHtml('a &amp; b')).toBe('a & b');
  });

  it('caps the length and removes control characters', () => {
    expect(cleanText('x'.repeat(MAX_FEATURE_CHARS * 3)).length).toBe(MAX_FEATURE_CHARS);
    expect(cleanText('a\u0000b\u0007c')).toBe('a b c');
    expect(cleanText(' a \t b\t\tc  d\te f \n\t g ')).toBe('a b c d e f\ng');
  });

  it('tokenizes and shapes long numbers', () => {
    expect(tokenize(foldText('Krankengeld, ab 01.05.!'))).toEqual(['krankengeld', 'ab', '01', '05']);
    expect(tokenShape('0176123456')).toBe('#num10');
    expect(tokenShape('a123456780')).toBe('#id');
    expect(tokenShape('u1')).toBe('u1');
  });

  it('splits words exactly as runs of Unicode letters and digits', () => {
    const reference = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];
    const texts = [
      'krankengeld ½ x²y ℌ 𝔘𝔫𝔦 𝟙𝟚 日本語 مستشفى привет ǆ ǅ',
      'emoji😀mitten 😀 🏥krankenhaus🏥 ende',
      'lone\ud800surrogate \udc00 ab\ud83d',
      '𝔘',
      'a-b_c.d  e\u00a0f\u200bg AZ az 09 @[`{ Zürich',
      '',
    ];
    // Every code unit of the BMP once, as letters, digits and separators in between.
    let all = '';
    for (let c = 0; c < 0x10000; c += 7) all += String.fromCharCode(c) + (c % 3 ? 'x' : ' ');
    texts.push(all);
    for (const text of texts) expect(tokenize(text)).toEqual(reference(text));
  });

  it('counts letters, Latin letters and words as the Unicode properties say', () => {
    // The reference: one character (a code point) at a time through the Unicode property tests.
    const reference = (s: string) => {
      let letters = 0;
      let latin = 0;
      let words = 0;
      let inWord = false;
      for (const ch of s) {
        const letter = /\p{L}/u.test(ch);
        if (letter) {
          letters++;
          if (/\p{Script=Latin}/u.test(ch)) latin++;
          if (!inWord) words++;
        }
        inWord = letter;
      }
      return { letters, latin, words };
    };
    const texts = ['Grüße aus Köln, ǅemal', 'Привет, мир! مرحبا 日本', '😀😀 123 ...', '𝔘𝔫𝔦 x', ''];
    let all = '';
    for (let c = 0; c < 0xd800; c += 5) all += String.fromCharCode(c) + (c % 2 ? ' ' : '');
    texts.push(all);
    for (const text of texts) {
      expect(letterStats(text)).toEqual(reference(text));
      expect(hasLetter(text)).toBe(reference(text).letters > 0);
    }
  });
});

describe('alternatives sorted for a test', () => {
  it('splits only at the top level, not inside groups, classes or after a backslash', () => {
    expect(topLevelAlternatives('ab|c(d|e)|[|]x|\\|y|z')).toEqual(['ab', 'c(d|e)', '[|]x', '\\|y', 'z']);
  });

  it('tests the same as the original pattern', () => {
    const pattern = /zahn|\bop\b|end[- ]stage|kranken(?:geld|kasse)|a(?:b|c)|(?<![\d,.] ?)\bkg\b/;
    const sorted = forTest(pattern);
    expect(sorted.source).not.toBe(pattern.source);
    for (const text of [
      'zahnarzt',
      'die op morgen',
      'opa',
      'end-stage',
      'krankenkasse',
      'krankenhaus',
      'ac',
      '5 kg',
      'x kg',
      '',
    ]) {
      expect(sorted.test(text)).toBe(pattern.test(text));
    }
  });
});
