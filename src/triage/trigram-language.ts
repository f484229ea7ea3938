/**
 * franc-min's answer for a restricted set of languages, computed faster. franc counts a text's trigrams in
 * a plain object and looks each up in every language's profile object; with hash tables of numeric keys
 * built once for the allowed languages, the same sums take a fraction of the time. The steps are franc's
 * own, on its data and script patterns: the script with the most characters; for a script with one
 * language, that language; otherwise the trigrams of the text (ASCII punctuation and digits as spaces,
 * white space collapsed, lower case, padded with a space) and, per language, the sum over distinct trigrams
 * of |count − rank − 1|, or 300 for a trigram the profile lacks. The smallest sum wins; of equal sums, the
 * language franc lists first.
 */
import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';

const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;
const SCRIPTS = Object.entries(expressions);

/** The allowed languages of a script with trigram profiles, and per trigram its rank in each. */
interface ScriptProfiles {
  languages: string[];
  /** Trigram key → row of `ranks`. */
  rows: KeyTable;
  /** Per row, the trigram's rank in each language (-1: absent), `languages.length` numbers a row. */
  ranks: Int32Array;
}

/**
 * Open addressing from trigram keys (integers below 2^48, exact as doubles) to small integers, at most half
 * full: a Map of such keys boxes each one and costs several times more per lookup.
 */
class KeyTable {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  /** Slot s is in use when stamp[s] === generation; a new generation empties the table at once. */
  private readonly stamp: Int32Array;
  private generation = 1;
  private readonly mask: number;
  private readonly shift: number;
  /** Slots in use, in the order their keys were added. */
  readonly used: Int32Array;
  size = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.keys = new Float64Array(slots);
    this.values = new Int32Array(slots);
    this.stamp = new Int32Array(slots);
    this.used = new Int32Array(slots);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
  }

  /** Empties the table. */
  clear(): void {
    this.generation++;
    this.size = 0;
  }

  private slot(key: number): number {
    const h = Math.imul((key / 4294967296) | 0, 0x85ebca6b) ^ Math.imul(key >>> 0, 0x9e3779b1);
    let s = h >>> this.shift;
    while (this.stamp[s] === this.generation && this.keys[s] !== key) s = (s + 1) & this.mask;
    return s;
  }

  /** The value of a key, or -1. */
  get(key: number): number {
    const s = this.slot(key);
    return this.stamp[s] === this.generation ? this.values[s]! : -1;
  }

  /** Adds `by` to the key's value (a new key starts at 0). */
  add(key: number, by: number): void {
    const s = this.slot(key);
    if (this.stamp[s] !== this.generation) {
      this.stamp[s] = this.generation;
      this.keys[s] = key;
      this.values[s] = 0;
      this.used[this.size++] = s;
    }
    this.values[s]! += by;
  }

  keyAt(slot: number): number {
    return this.keys[slot]!;
  }

  valueAt(slot: number): number {
    return this.values[slot]!;
  }
}

/** Three UTF-16 code units as one number (48 bits, exact as a double): cheaper to hash than a string. */
function key(s: string, i: number): number {
  return s.charCodeAt(i) * 4294967296 + s.charCodeAt(i + 1) * 65536 + s.charCodeAt(i + 2);
}

/**
 * The script with the largest share of the text's characters (of equal shares, the first in franc's
 * list). Of franc's script patterns only Latin's matches ASCII (its letters), so an ASCII text with a
 * letter is Latin without counting the characters of every script.
 */
function dominantScript(value: string): { script: string | undefined; share: number } {
  const ascii = asciiLetters(value);
  if (ascii > 0) return { script: 'Latin', share: ascii / value.length };
  let script: string | undefined;
  let share = -1;
  for (const [name, pattern] of SCRIPTS) {
    const s = (value.match(pattern)?.length ?? 0) / value.length || 0;
    if (s > share) {
      share = s;
      script = name;
    }
  }
  return { script, share };
}

/** The letters of an ASCII text, or -1 for a text with any other character. */
function asciiLetters(s: string): number {
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return -1;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  return letters;
}

/**
 * Languages with franc-min's scores as `francAll` gives them (1 for the best, less for the others), best
 * first.
 */
export type LanguageScores = [language: string, score: number][];

export interface TrigramLanguages {
  /** franc-min's answer: one of the allowed ISO 639-3 codes, or 'und'. */
  detect(text: string): string;
  /** franc-min's `francAll`: every allowed language of the text's script with its score. */
  scores(text: string): LanguageScores;
}

const UNDETERMINED: LanguageScores = [['und', 1]];

/**
 * Detection for the given ISO 639-3 codes (as franc-min's `only`, with a minimum length of 1). A language
 * in `latinOnly` is a candidate for text in Latin letters only, though franc has a profile for it in
 * another script too.
 */
export function trigramLanguages(
  only: readonly string[],
  latinOnly: readonly string[] = [],
): TrigramLanguages {
  const profiles = new Map<string, ScriptProfiles>();
  for (const [script, models] of Object.entries(data)) {
    const allowed = Object.entries(models).filter(
      ([language]) => only.includes(language) && (script === 'Latin' || !latinOnly.includes(language)),
    );
    const lists = allowed.map(([, model]) => model.split('|'));
    const rows = new KeyTable(lists.reduce((n, list) => n + list.length, 0));
    for (const trigram of lists.flat()) {
      const k = key(trigram, 0);
      if (rows.get(k) < 0) rows.add(k, rows.size);
    }
    const ranks = new Int32Array(rows.size * allowed.length).fill(-1);
    lists.forEach((list, l) => {
      // The first place of a trigram that a profile lists twice is its rank.
      for (let rank = list.length - 1; rank >= 0; rank--) {
        ranks[rows.get(key(list[rank]!, 0)) * allowed.length + l] = rank;
      }
    });
    profiles.set(script, { languages: allowed.map(([language]) => language), rows, ranks });
  }
  // A text's distinct trigrams: at most one per character of the padded text, which lower-casing can make
  // up to twice as long as the MAX_LENGTH characters read ('İ' becomes 'i̇').
  const counts = new KeyTable(2 * MAX_LENGTH + 2);

  /** Per language of the script, the summed distance (smaller: closer), in franc's order; or a fixed answer. */
  const distances = (
    value: string,
  ): { fixed: LanguageScores } | { languages: string[]; sums: Float64Array } => {
    const { script: topScript, share: topShare } = dominantScript(value);
    if (topScript === undefined) return { fixed: UNDETERMINED };
    const candidates = profiles.get(topScript);
    if (!candidates) {
      return { fixed: topShare === 0 || !only.includes(topScript) ? UNDETERMINED : [[topScript, 1]] };
    }
    const { languages, rows, ranks } = candidates;
    if (languages.length === 0) return { fixed: UNDETERMINED };

    const cleaned = value
      .replace(/[\u0021-\u0040]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
    const padded = ` ${cleaned} `;
    counts.clear();
    for (let i = 0; i + 3 <= padded.length; i++) counts.add(key(padded, i), 1);
    const L = languages.length;
    const sums = new Float64Array(L);
    for (let u = 0; u < counts.size; u++) {
      const slot = counts.used[u]!;
      const count = counts.valueAt(slot);
      const row = rows.get(counts.keyAt(slot));
      for (let l = 0; l < L; l++) {
        const rank = row < 0 ? -1 : ranks[row * L + l]!;
        sums[l]! += rank < 0 ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
      }
    }
    return { languages, sums };
  };

  return {
    detect(text) {
      if (text.length < 1) return 'und';
      const d = distances(text.slice(0, MAX_LENGTH));
      if ('fixed' in d) return d.fixed[0]![0];
      // The smallest sum; of equal sums, the language franc lists first.
      let best = 0;
      for (let l = 1; l < d.languages.length; l++) if (d.sums[l]! < d.sums[best]!) best = l;
      return d.languages[best]!;
    },
    scores(text) {
      if (text.length < 1) return UNDETERMINED.map(([l, x]) => [l, x]);
      const value = text.slice(0, MAX_LENGTH);
      const d = distances(value);
      if ('fixed' in d) return d.fixed.map(([l, x]) => [l, x]);
      const sorted = d.languages
        .map((language, l): [string, number] => [language, d.sums[l]!])
        .sort((a, b) => a[1] - b[1]);
      // franc's normalisation: 1 for the best, the others by their distance from it.
      const min = sorted[0]![1];
      const max = value.length * MAX_DIFFERENCE - min;
      return sorted.map(([language, sum]) => [language, 1 - (sum - min) / max || 0]);
    },
  };
}
