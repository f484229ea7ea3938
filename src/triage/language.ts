/**
 * Offline language detection with franc-min's trigram profiles, restricted to the languages insured people
 * in Germany write in most, so that a short German phone note is not taken for Dutch or Swahili. Texts too
 * short to tell count as German (the Kasse's working language); no letters at all gives 'und'.
 */
import { letterStats } from './text.js';
import { trigramLanguages } from './trigram-language.js';

/** ISO 639-3 (franc) → ISO 639-1, with the German name used in reasons. */
export const LANGUAGES: Readonly<Record<string, { code: string; name: string }>> = {
  deu: { code: 'de', name: 'Deutsch' },
  eng: { code: 'en', name: 'Englisch' },
  tur: { code: 'tr', name: 'Türkisch' },
  pol: { code: 'pl', name: 'Polnisch' },
  rus: { code: 'ru', name: 'Russisch' },
  ukr: { code: 'uk', name: 'Ukrainisch' },
  arb: { code: 'ar', name: 'Arabisch' },
  fra: { code: 'fr', name: 'Französisch' },
  ita: { code: 'it', name: 'Italienisch' },
  spa: { code: 'es', name: 'Spanisch' },
  ron: { code: 'ro', name: 'Rumänisch' },
  por: { code: 'pt', name: 'Portugiesisch' },
  vie: { code: 'vi', name: 'Vietnamesisch' },
  hrv: { code: 'hr', name: 'Kroatisch' },
  srp: { code: 'sr', name: 'Serbisch' },
  bos: { code: 'bs', name: 'Bosnisch' },
  pes: { code: 'fa', name: 'Persisch' },
  ell: { code: 'el', name: 'Griechisch' },
};

/**
 * franc-min's answer among these languages (see trigram-language.ts). Serbian and Bosnian are named in Latin
 * letters only: their Cyrillic profiles take many Russian messages. Bulgarian is left out for the same
 * reason (it took 55 Russian messages of the blind sets and probes), so it is named Russian.
 */
const trigram = trigramLanguages(Object.keys(LANGUAGES), ['srp', 'bos']);
const ENGLISH: DetectedLanguage = { code: 'en', name: 'Englisch', assumed: false };
/** Below this many letters franc's guess is noise. */
const MIN_LETTERS = 25;
/** Only the head of a long text is needed to tell its language (franc's cost grows with length). */
const MAX_CHARS = 300;

/**
 * Common German function words and the shorthand of staff notes (Vers., Hr., Fr.); a text full of them is
 * German whatever the trigrams say (e.g. lists of names), and most German messages are recognised by them
 * alone, without the cost of trigram statistics.
 */
const GERMAN_MARKERS =
  /\b(?:und|ich|nicht|ist|die|der|das|den|dem|des|ein|eine[mnrs]?|mit|bitte|meine?[mnrs]?|ihr|ihre?[mnrs]?|wir|sie|uns|mir|mich|noch|seit|habe|hat|haben|wurde|wird|sind|kann|auf|auch|aber|f(?:ü|ue)r|von|vom|zum|zur|bei|nach|wie|was|wenn|oder|als|schon|bis|nur|keine?|dass|ob|ueber|vers|fr|hr|krankenkasse|krankengeld|danke|gr(?:ü|ue)(?:ss|ß)e?)\b/gi;

/**
 * English function words that are not also German, Polish or Romance words ("was", "will", "am", "to",
 * "i", "on" are left out): many of them and hardly any German markers make a text English.
 */
const ENGLISH_MARKERS =
  /\b(?:the|and|of|is|my|you|your|for|have|has|not|please|with|this|that|from|are|been|it|we|our|can|would|could|does|did|what|how|there)\b/gi;

export interface DetectedLanguage {
  /** ISO 639-1, or 'und'. */
  code: string;
  name: string;
  /** True when the text was too short to tell and German was assumed. */
  assumed: boolean;
}

export function detectLanguage(text: string): DetectedLanguage {
  const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const { letters, latin: latinLetters, words } = letterStats(head);
  if (letters === 0) return { code: 'und', name: 'unbestimmt', assumed: false };
  if (letters < MIN_LETTERS) return { code: 'de', name: 'Deutsch', assumed: true };
  // A text in Latin script with many German function words is German, whatever trigrams would say: a
  // note quoting a few foreign words, a keyword-heavy staff note. Most German messages are recognised
  // here, without the cost of trigram statistics.
  if (latinLetters / letters > 0.7 && words > 0) {
    const german = (head.match(GERMAN_MARKERS)?.length ?? 0) / words;
    if (german >= 0.15) return { code: 'de', name: 'Deutsch', assumed: false };
    // Likewise English, the second most frequent language of messages, by its own function words.
    if (german < 0.08 && (head.match(ENGLISH_MARKERS)?.length ?? 0) / words >= 0.15) return ENGLISH;
  }
  // Mixed notes (a German summary of a call in Russian): judge the non-Latin part on its own.
  const sample = latinLetters / letters < 0.75 ? head.replace(/\p{Script=Latin}+/gu, ' ') : head;
  const guess = trigram.detect(sample);
  const lang = LANGUAGES[guess];
  if (!lang) return { code: 'de', name: 'Deutsch', assumed: true };
  return { ...lang, assumed: false };
}
