/**
 * Text clean-up shared by training and classification: HTML mail to plain text, control characters out,
 * a length cap, then lower-casing with German umlauts folded so "Krankengeld", "KRANKENGELD" and a typed
 * "Pflegegeld fuer" meet the same features as "Pflegegeld für".
 */

/** Only the first part of a very long message is read; the head of a message carries its concern. */
export const MAX_FEATURE_CHARS = 20_000;
/** HTML stripping is linear, but there is no reason to walk megabytes of markup. */
const MAX_RAW_CHARS = 200_000;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  euro: '€',
  sect: '§',
  ndash: '–',
  mdash: '—',
  bdquo: '„',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  eacute: 'é',
  egrave: 'è',
  shy: '',
};

function decodeEntity(whole: string, body: string): string {
  if (body.startsWith('#')) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return ' ';
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body] ?? whole;
}

/** True when the text looks like an HTML document or fragment rather than prose that mentions "<". */
export function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|div|p|br|span|table|td|a|b|i|strong|font|!doctype|head|meta|style)\b[^>]*>/i.test(
    text,
  );
}

/** HTML to readable plain text: scripts, styles and comments dropped, block tags become line breaks. */
export function stripHtml(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(?:br|\/p|\/div|\/li|\/tr|\/h[1-6]|p|div|li|tr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]{0,2000}>/g, ' ')
    .replace(/&(#x?[0-9a-fA-F]{1,7}|[a-zA-Z]{2,8});/g, decodeEntity);
}

/**
 * Plain, bounded text: HTML stripped, control and replacement characters removed, whitespace runs
 * collapsed, at most MAX_FEATURE_CHARS characters.
 */
export function cleanText(raw: string): string {
  let text = raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw;
  if (looksLikeHtml(text)) text = stripHtml(text);
  text = text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ufeff]/g, ' ')
    // A lone space is left alone (replacing each with itself would copy the whole text).
    .replace(/[ \t]{2,}|\t/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  return text.length > MAX_FEATURE_CHARS ? text.slice(0, MAX_FEATURE_CHARS) : text;
}

/** Lower-case, fold ä/ö/ü/ß to ae/oe/ue/ss and drop other diacritics (é → e, ş → s). */
export function foldText(text: string): string {
  const folded = text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss');
  // Most messages are plain ASCII by now; the Unicode decomposition, which costs more than the rest,
  // would change nothing in them.
  for (let i = 0; i < folded.length; i++) {
    if (folded.charCodeAt(i) >= 128) return folded.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  }
  return folded;
}

const LETTER = 1;
const LATIN = 2;
const NUMBER = 4;
const WORD = LETTER | NUMBER;
const LOOKED_UP = 8;
const UNICODE_LETTER = /\p{L}/u;
const UNICODE_LATIN = /\p{Script=Latin}/u;
const UNICODE_NUMBER = /\p{N}/u;
/** Per UTF-16 code unit its LETTER, LATIN and NUMBER bits, with LOOKED_UP once known (0: not yet). */
const unitBits = new Uint8Array(65536);

/** Unicode bits of one character (a code unit, or a surrogate pair): category L or N, script Latin. */
function charBits(ch: string): number {
  if (UNICODE_LETTER.test(ch)) return UNICODE_LATIN.test(ch) ? LETTER | LATIN : LETTER;
  return UNICODE_NUMBER.test(ch) ? NUMBER : 0;
}

/**
 * Bits of a code unit outside ASCII, classified once per process: the Unicode tests cost more than the
 * rest of a scan, and a few characters (umlauts, ß) recur in every message.
 */
function bitsOfUnit(c: number): number {
  let bits = unitBits[c]!;
  if (bits === 0) {
    bits = charBits(String.fromCharCode(c)) | LOOKED_UP;
    unitBits[c] = bits;
  }
  return bits;
}

/**
 * Words of a folded text: runs of letters and digits (Unicode categories L and N; hyphenated compounds
 * are split). A scan with the per-code-unit table (unitBits) instead of a Unicode regular expression, which costs
 * several times more per message.
 */
export function tokenize(folded: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 128) word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair is one character outside the BMP; a lone surrogate is no letter.
      const low = c <= 0xdbff && i + 1 < folded.length ? folded.charCodeAt(i + 1) : 0;
      word = low >= 0xdc00 && low <= 0xdfff && (charBits(folded.slice(i, i + 2)) & WORD) !== 0;
      if (low >= 0xdc00 && low <= 0xdfff) width = 2;
    } else word = (bitsOfUnit(c) & WORD) !== 0;
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push(folded.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) tokens.push(folded.slice(start));
  return tokens;
}

/**
 * Token as a feature: long digit runs (phone numbers, insurance numbers, dates written as one run) become
 * a shape, so the model learns "there is a number here" rather than one person's number.
 */
export function tokenShape(token: string): string {
  let digits = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 4) return token;
  return digits === token.length ? `#num${Math.min(digits, 12)}` : '#id';
}

/** LETTER and LATIN bits of the character at i; a surrogate pair counts at its first unit (see `width`). */
function letterAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? LETTER | LATIN : 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length)
    return charBits(text.slice(i, i + 2)) & (LETTER | LATIN);
  return bitsOfUnit(c) & (LETTER | LATIN);
}

/** Code units taken by the character at i: 2 for a high surrogate with anything after it. */
function width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

export interface LetterStats {
  letters: number;
  latin: number;
  words: number;
}

/** Letters (any script), Latin letters and words (letter runs) in one pass, without allocating. */
export function letterStats(text: string): LetterStats {
  let letters = 0;
  let latin = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += width(text, i)) {
    const kind = letterAt(text, i);
    const isLetter = kind !== 0;
    if (isLetter) {
      letters++;
      if (kind & LATIN) latin++;
      if (!inWord) words++;
    }
    inWord = isLetter;
  }
  return { letters, latin, words };
}

/** Whether a text has a letter (any script) at all: prose, unlike emoji strings and binary noise. */
export function hasLetter(text: string): boolean {
  for (let i = 0; i < text.length; i += width(text, i)) if (letterAt(text, i) !== 0) return true;
  return false;
}

/** The top-level alternatives of a pattern source (`a|b(c|d)|e` → `a`, `b(c|d)`, `e`). */
export function topLevelAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/**
 * The same test as `pattern` (whether it matches anywhere), with its alternatives in sorted order: V8 then
 * shares the work of alternatives with a common start, which halves the scan of a long word list. Only for
 * `test`: which alternative matches first, and where, may change.
 */
export function forTest(pattern: RegExp): RegExp {
  return new RegExp(topLevelAlternatives(pattern.source).sort().join('|'), pattern.flags);
}
