/**
 * Turns a concern into a sparse, L2-normalised feature vector with hashed indices: word unigrams and
 * bigrams, character 3- to 5-grams inside words (robust to typos, compounds and missing umlauts), sender and
 * channel, the explicit urgency signals, and a small glossary that maps frequent English and other-language
 * terms onto the German words the model learned. On request, word-level features remember their words so
 * the classifier can say which words drove its decision.
 */
import type { TriageInput } from './triage.js';
import { detectSignals, type SignalId } from './signals.js';
import { cleanText, foldText, forTest, tokenize, tokenShape } from './text.js';

export interface FeatureConfig {
  hashBits: number;
  charMin: number;
  charMax: number;
  /** Weight of one character n-gram relative to one word. */
  charWeight: number;
  bigramWeight: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 20,
  charMin: 4,
  charMax: 4,
  charWeight: 0.5,
  bigramWeight: 0.7,
};

export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

export interface FeatureSource {
  /** Hashed indices, in order of occurrence (an index may repeat). */
  index: number[];
  /** The entries of the vector (positions, ascending) that hold a word-level feature. */
  positions: number[];
  /** The word, word pair or tag the i-th entry came from. */
  name(i: number): string;
}

export interface Features {
  /** Folded text (for rules and vocabulary checks). */
  folded: string;
  /** Clean, unfolded text (for language detection). */
  clean: string;
  signals: SignalId[];
  /** L2-normalised values by hashed index (indices ascending, unique). */
  vector: SparseVector;
  /**
   * The word-level features (words, word pairs, tags; character n-grams are many and unreadable) in order
   * of occurrence, filled only when asked for. Their names are built on demand: an explanation needs a
   * handful of the hundred or so.
   */
  source?: FeatureSource;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME) >>> 0;
}

/** FNV-1a over the UTF-16 code units of a string, continuing from `h`. */
export function fnvString(s: string, h = FNV_OFFSET): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = fnvStep(x, s.charCodeAt(i));
  return x;
}

const WORD_SEED = fnvString('w:');
const BIGRAM_SEED = fnvString('b:');
const CHAR_SEED = fnvString('c:');
const TAG_SEED = fnvString('t:');

/** Frequent non-German ways of naming a topic, mapped to the German word the model knows. */
const GLOSSARY: readonly [RegExp, string][] = [
  [/sick pay|sickness benefit|sick leave pay|zasilek chorobow|hastalik parasi|больничн/, 'krankengeld'],
  [/sick note|doctor'?s note|medical certificate|zwolnienie lekarskie|rapor/, 'krankschreibung'],
  [
    /hospice|palliative|terminal(?:ly)? ill|end[- ]stage|end of life|hospicjum|paliatyw|palyatif|паллиатив|паліатив|хоспис|хоспіс/,
    'palliativ',
  ],
  [/discharg|released from (?:the )?hospital|wypis/, 'entlassung'],
  [/hospital|szpital|hastane|больниц|лікарн|مستشفى/, 'krankenhaus'],
  [/care level|care grade|level of care|stopien opieki|уровень ухода/, 'pflegegrad'],
  [/care allowance|carer'?s allowance|attendance allowance/, 'pflegegeld'],
  [/nursing service|home care|home nursing|community nurse/, 'pflegedienst'],
  [/maternity|pregnan|due date|birth|ciaz|hamile|беремен/, 'mutterschaftsgeld'],
  [/sick child|child (?:is )?sick|child(?:'s)? illness|chore dziecko|cocugum hasta/, 'kinderkrankengeld'],
  [
    /accident at work|work accident|workplace accident|commut\w* accident|wypadek przy pracy|is kazasi/,
    'arbeitsunfall',
  ],
  [/objection|appeal|contest the decision|odwolanie|itiraz/, 'widerspruch'],
  [
    /health (?:insurance )?card|insurance card|ehic card|karta ubezpieczenia|sigorta karti/,
    'gesundheitskarte',
  ],
  [/certificate of insurance|proof of insurance|insurance certificate/, 'versicherungsnachweis'],
  [/abroad|on holiday|on vacation|za granica|yurt ?disi/, 'ausland'],
  [/dialysis|dializ|диализ/, 'dialyse'],
  [/chemotherap|radiotherap|chemioterap|kemoterapi|химиотерап/, 'chemo'],
  [/co-?payment|prescription charges?/, 'zuzahlung'],
  [/exemption|exempt/, 'befreiung'],
  [/wheelchair|hearing aid|walker|prosthe/, 'hilfsmittel'],
  [/rehabilitation|\brehab\b/, 'reha'],
  [/reimburse|refund|zwrot kosztow/, 'erstattung'],
  [/invoice|receipt|\bbill\b/, 'rechnung'],
  [/advance payment|payment in advance|emergency payment/, 'vorschuss'],
  [/contributions?\b|arrears|skladk/, 'beitraege'],
  [
    /membership|switch(?:ing)? (?:insurer|health insurance)|cancel my (?:membership|insurance)/,
    'mitgliedschaft',
  ],
  [/family insurance|insure my (?:wife|husband|child|children|spouse)/, 'familienversicherung'],
  [/phishing|scam|fraud|suspicious (?:sms|text|email|link)/, 'phishing'],
  [/personal data|my data|gdpr|rodo/, 'dsgvo'],
  [/unlock code|activation code|health app/, 'freischaltcode'],
  [/payroll|employee|our staff|company number/, 'arbeitgeber'],
  [/taxi|transport to|ride to/, 'fahrkosten'],
  [/medication|medicine|drug approval|cannabis|off-label|lek\b|leki\b|ilac/, 'medikament'],
  [/surgery|operation|ameliyat|operacj/, 'operation'],
  [/denture|dental|crown|zahnersatz/, 'zahnersatz'],
  [/newsletter|unsubscribe|out of office|auto-?reply|promotion|discount|winner/, 'newsletter'],
];

/** One pass to see whether any glossary entry can match at all (most German messages: none). */
const GLOSSARY_ANY = forTest(new RegExp(GLOSSARY.map(([r]) => r.source).join('|')));

export interface ExtractOptions {
  explain?: boolean;
}

const GROUP_WORD = 0;
const GROUP_BIGRAM = 1;
const GROUP_CHAR = 2;
const GROUP_TAG = 3;

/**
 * Occurrences are collected as (index << 2 | group) codes in a reused buffer, then sorted and counted:
 * much faster than a Map for the ~1,500 n-grams of a typical message.
 */
let codes = new Int32Array(1 << 14);
let sortBuffer = new Int32Array(1 << 14);
let scratchIndex = new Int32Array(1 << 14);
let scratchValue = new Float64Array(1 << 14);
/** A token's character codes between the "<" and ">" markers (tokens are cut to 40 characters). */
const padded = new Int32Array(42);
/** 1 + ln(count) for the small counts nearly every feature has. */
const ONE_PLUS_LOG = Float64Array.from({ length: 64 }, (_, c) => 1 + Math.log(c));
const RADIX_BITS = 8;
const RADIX = 1 << RADIX_BITS;
const counts = new Int32Array(RADIX);

/**
 * Sorts codes[0..n) ascending (codes have hashBits + 2 bits) with counting passes of 8 bits: much faster
 * than the generic typed-array sort for the few hundred codes of a message.
 */
function radixSort(n: number, bits: number): Int32Array {
  if (sortBuffer.length < codes.length) sortBuffer = new Int32Array(codes.length);
  let from = codes;
  let to = sortBuffer;
  for (let shift = 0; shift < bits; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(from[i]! >>> shift) & (RADIX - 1)]!++;
    let sum = 0;
    for (let b = 0; b < RADIX; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const code = from[i]!;
      to[counts[(code >>> shift) & (RADIX - 1)]!++] = code;
    }
    const t = from;
    from = to;
    to = t;
  }
  return from.subarray(0, n);
}

/**
 * Vectors are views into shared blocks rather than copies with a buffer each: allocating hundreds of small
 * ArrayBuffers per batch costs more than the copying, and their external memory drives extra collections.
 * A block is freed when no vector in it is referenced any more.
 */
const BLOCK = 1 << 16;
let blockIndex = new Int32Array(BLOCK);
let blockValue = new Float64Array(BLOCK);
let blockUsed = 0;

function keep(index: Int32Array, value: Float64Array, size: number): SparseVector {
  if (size > BLOCK / 4) return { index: index.slice(0, size), value: value.slice(0, size) };
  if (blockUsed + size > BLOCK) {
    blockIndex = new Int32Array(BLOCK);
    blockValue = new Float64Array(BLOCK);
    blockUsed = 0;
  }
  const from = blockUsed;
  blockUsed += size;
  blockIndex.set(index.subarray(0, size), from);
  blockValue.set(value.subarray(0, size), from);
  return { index: blockIndex.subarray(from, blockUsed), value: blockValue.subarray(from, blockUsed) };
}

/** Extracts the features of one concern. */
export function extractFeatures(
  input: Pick<TriageInput, 'text' | 'subject' | 'sender' | 'channel'>,
  config: FeatureConfig,
  options: ExtractOptions = {},
): Features {
  const mask = (1 << config.hashBits) - 1;
  const raw = input.subject ? `${input.subject}\n${input.text}` : input.text;
  const clean = cleanText(raw);
  const folded = foldText(clean);
  const tokens = tokenize(folded).map(tokenShape);
  const signals = detectSignals(folded);
  let n = 0;
  const push = (index: number, group: number): void => {
    if (n === codes.length) {
      const bigger = new Int32Array(codes.length * 2);
      bigger.set(codes);
      codes = bigger;
    }
    codes[n++] = (index << 2) | group;
  };
  // Explanations: per entry a code, 2p for the token at p, 2p+1 for the pair ending there, -(k+1) for tags[k].
  const explain = options.explain === true;
  const noted: number[] = [];
  const codesOf: number[] = [];
  const tagNames: string[] = [];
  const note = (index: number, code: number): void => {
    noted.push(index);
    codesOf.push(code);
  };

  // One walk over each token's characters gives its word hash, the hash of the pair it ends (continuing
  // from the previous token's "b:" prefix and a space) and its own "b:" prefix for the next pair.
  let pairPrefix = -1;
  for (let p = 0; p < tokens.length; p++) {
    const token = tokens[p]!;
    const length = token.length;
    let w = WORD_SEED;
    let prefix = BIGRAM_SEED;
    let b = pairPrefix < 0 ? 0 : fnvStep(pairPrefix, 32);
    for (let i = 0; i < length; i++) {
      const c = token.charCodeAt(i);
      w = fnvStep(w, c);
      prefix = fnvStep(prefix, c);
      b = fnvStep(b, c);
      if (i < 40) padded[i + 1] = c;
    }
    w &= mask;
    push(w, GROUP_WORD);
    if (explain) note(w, 2 * p);
    if (pairPrefix >= 0) {
      b &= mask;
      push(b, GROUP_BIGRAM);
      if (explain) note(b, 2 * p + 1);
    }
    pairPrefix = prefix;
    if (length < 2 || token.charCodeAt(0) === 35 /* # */) continue;
    // Character n-grams of "<token>" (at most 40 letters of it), hashed incrementally over the padded
    // character codes (filled above), without building the padded string or any substring.
    const last = Math.min(length, 40) + 1;
    padded[0] = 60;
    padded[last] = 62;
    for (let start = 0; start <= last; start++) {
      let h = CHAR_SEED;
      for (let len = 1; len <= config.charMax && start + len <= last + 1; len++) {
        h = fnvStep(h, padded[start + len - 1]!);
        if (len >= config.charMin) push(h & mask, GROUP_CHAR);
      }
    }
  }

  const named = (index: number, name: string): void => {
    if (!explain) return;
    tagNames.push(name);
    note(index, -tagNames.length);
  };
  const tag = (name: string): void => {
    const t = fnvString(name, TAG_SEED) & mask;
    push(t, GROUP_TAG);
    named(t, name);
  };
  if (input.sender) tag(`sender=${input.sender}`);
  if (input.channel) tag(`channel=${input.channel}`);
  for (const sig of signals) tag(`signal=${sig}`);
  if (tokens.length === 0) tag('empty');
  for (const [pattern, german] of GLOSSARY_ANY.test(folded) ? GLOSSARY : []) {
    if (pattern.test(folded)) {
      const g = fnvString(german, WORD_SEED) & mask;
      push(g, GROUP_WORD);
      named(g, german);
    }
  }

  // Count equal codes; value = group weight × (1 + ln count), summed per index; then unit length.
  const groupWeight = [1, config.bigramWeight, config.charWeight, 1];
  const sorted = radixSort(n, config.hashBits + 2);
  if (scratchIndex.length < n) {
    scratchIndex = new Int32Array(codes.length);
    scratchValue = new Float64Array(codes.length);
  }
  const index = scratchIndex;
  const value = scratchValue;
  const positions: number[] = [];
  let size = 0;
  for (let i = 0; i < n;) {
    const code = sorted[i]!;
    let j = i + 1;
    while (j < n && sorted[j] === code) j++;
    const idx = code >> 2;
    const count = j - i;
    const v =
      groupWeight[code & 3]! * (count < ONE_PLUS_LOG.length ? ONE_PLUS_LOG[count]! : 1 + Math.log(count));
    if (size > 0 && index[size - 1] === idx) value[size - 1]! += v;
    else {
      index[size] = idx;
      value[size++] = v;
    }
    if (explain && (code & 3) !== GROUP_CHAR && positions[positions.length - 1] !== size - 1)
      positions.push(size - 1);
    i = j;
  }
  let norm = 0;
  for (let i = 0; i < size; i++) norm += value[i]! * value[i]!;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < size; i++) value[i]! *= inv;
  const vector = keep(index, value, size);
  if (!explain) return { folded, clean, signals, vector };
  const source: FeatureSource = {
    index: noted,
    positions,
    name: (i) => {
      const code = codesOf[i]!;
      if (code < 0) return tagNames[-code - 1]!;
      const p = code >> 1;
      return code & 1 ? `${tokens[p - 1]!} ${tokens[p]!}` : tokens[p]!;
    },
  };
  return { folded, clean, signals, vector, source };
}
