/**
 * Triage v2: a topic model (37 topics) and a class model (P1–P4) learned from the corpus, blended with the
 * topic's usual class, then explicit urgency rules, stated non-urgency and a safety bias towards P1/P2.
 * Every result explains itself: the words behind the topic, the rules that fired, the model's confidence,
 * any escalation and the language.
 */
import { PRIORITY_CLASSES, topicInfo, type PriorityClass, type TopicSlug } from '../shared/taxonomy.js';
import { classPriorOffset, decideClass } from './decide.js';
import { extractFeatures, type Features } from './features.js';
import { readInput } from './input-defaults.js';
import { detectLanguage } from './language.js';
import { TwoHeadSoftmax, type TwoHeadPrediction } from './linear.js';
import { deserializeSoftmax, type TriageModelFile } from './model-file.js';
import { hasHealthVocabulary, otherBusinessTerm } from './signals.js';
import { hasLetter } from './text.js';
import type { Triage, TriageInput, TriageReason, TriageResult } from './triage.js';

export interface DetailedResult extends TriageResult {
  topicProbs: Float64Array;
  classProbs: number[];
  escalated: boolean;
}

/** Features the models evaluate in one pass (about 6 MB of working memory). */
const MAX_BATCH_FEATURES = 1 << 18;
const pct = (x: number): string => `${Math.round(x * 100)} %`;
const TOP_WORDS = 5;
/**
 * Function words, greetings and sign-offs are left out of the "words that drove the topic" list; they help
 * the model, not a reader. A word pair is shown only when both words say something ("folgeverordnung", not
 * "die folgeverordnung").
 */
const NOT_SHOWN = new Set(
  (
    'aber als am an auch auf aus bei bin bis bitte da das dass dem den der des die doch du ein eine einen einem ' +
    'einer er es fuer hab habe haben hat ich ihr ihre im in ist ja jetzt kann mal man mein meine meinem meinen ' +
    'meiner mich mir mit nach noch nur ob oder schon sehr sie sind so um und uns vom von vor war was wie wir ' +
    'wird wurde zu zum zur braucht nicht kein keine seit ins beim sich dies diese dieser dieses weil dann ' +
    'sein seine seinen seiner ihm ihn unser unsere unseren werden wurden worden hatte hatten waere muss ' +
    'musste soll sollte koennen koennte moechte will wollte ' +
    'hallo guten tag geehrte geehrter damen herren liebe lieber gruss gruesse gruessen freundlichen mfg danke ' +
    'a an and are be for have i in is it my of on or please the to was we with you dear hello hi regards thanks'
  ).split(' '),
);
export const isShownWord = (word: string): boolean =>
  word.split(' ').every((w) => !NOT_SHOWN.has(w) && w.length > 1 && !/^\d+$/.test(w));

/** Reused by topWords (a typed array: its copyWithin is a memmove, a plain array's is not). */
let candidateBuffer = new Int32Array(256);

/** The most and the second most likely class (the first of equals wins). */
function bestTwo(probs: Float64Array): { best: number; second: number } {
  let best = 0;
  let second = -1;
  for (let t = 1; t < probs.length; t++) {
    if (probs[t]! > probs[best]!) {
      second = best;
      best = t;
    } else if (second < 0 || probs[t]! > probs[second]!) second = t;
  }
  if (second < 0) second = best === 0 ? 1 : 0;
  return { best, second };
}

export class LearnedTriage implements Triage {
  readonly version: string;
  /** Head A: the topic model; head B: the class model. */
  private readonly models: TwoHeadSoftmax;
  private readonly topics: readonly TopicSlug[];
  /** Index of `kein_anliegen` among the model's topics, or -1. */
  private readonly noConcern: number;

  constructor(private readonly model: TriageModelFile) {
    this.version = model.version;
    this.models = new TwoHeadSoftmax(
      deserializeSoftmax(model.topicModel),
      deserializeSoftmax(model.classModel),
      model.featureConfig.hashBits,
    );
    this.topics = model.topics;
    this.noConcern = model.topics.indexOf('kein_anliegen');
    if (model.classes.join() !== PRIORITY_CLASSES.join())
      throw new Error('model file: unexpected class order');
  }

  classify(input: TriageInput): TriageResult {
    return this.classifyMany([input])[0]!;
  }

  classifyMany(inputs: readonly TriageInput[]): TriageResult[] {
    return this.classifyDetailedMany(inputs).map(
      ({ topicProbs: _t, classProbs: _c, escalated: _e, ...result }) => result,
    );
  }

  classifyDetailed(input: TriageInput, explain = true): DetailedResult {
    return this.classifyDetailedMany([input], explain)[0]!;
  }

  /**
   * Triage of a batch: the models evaluate all messages together (much cheaper per message than one by
   * one), and each message gets the same result it would get alone.
   */
  classifyDetailedMany(inputs: readonly TriageInput[], explain = true): DetailedResult[] {
    const read = inputs.map((input) => readInput(input, this.model.inputDefaults));
    const features = read.map(({ input }) => extractFeatures(input, this.model.featureConfig, { explain }));
    const options = {
      offsetB: (probs: Float64Array) => classPriorOffset(this.model.classGivenTopic, probs),
      ...(explain && { explainA: (probs: Float64Array) => bestTwo(probs).best }),
    };
    // The models see at most MAX_BATCH_FEATURES features at a time, so a batch of very long texts does
    // not grow the working memory without bound (a typical message has a few hundred).
    const predictions: TwoHeadPrediction[] = [];
    for (let from = 0; from < features.length;) {
      let to = from;
      let size = 0;
      do size += features[to++]!.vector.index.length;
      while (to < features.length && size + features[to]!.vector.index.length <= MAX_BATCH_FEATURES);
      const batch = features.slice(from, to);
      const explainEntries = explain ? batch.map((f) => f.source?.positions ?? []) : undefined;
      predictions.push(
        ...this.models.predictMany(
          batch.map((f) => f.vector),
          { ...options, ...(explainEntries && { explainEntries }) },
        ),
      );
      from = to;
    }
    return features.map((f, m) => this.finish(f, predictions[m]!, read[m]!.reason));
  }

  private finish(
    features: Features,
    prediction: TwoHeadPrediction,
    inputReason: TriageReason | undefined,
  ): DetailedResult {
    const { a: topicProbs, b: classProbs, contributions } = prediction;
    const language = detectLanguage(features.clean);
    const reasons: TriageReason[] = [];

    if (!hasLetter(features.clean)) {
      reasons.push({
        kind: 'default',
        text: 'Die Nachricht enthält keinen lesbaren Text; als kein Anliegen eingeordnet.',
      });
      reasons.push({ kind: 'language', text: 'Sprache nicht bestimmbar.' });
      return {
        topic: 'kein_anliegen',
        priorityClass: 'P4',
        confidence: 0,
        reasons,
        language: 'und',
        version: this.version,
        topicProbs,
        classProbs: [0, 0, 0, 1],
        escalated: false,
      };
    }

    const { best, second } = bestTwo(topicProbs);
    const topic = this.topics[best]!;
    const confidence = topicProbs[best]!;

    if (contributions) reasons.push(this.topWords(features, contributions, topic));
    reasons.push({
      kind: 'model',
      text: `Thema ${topicInfo(topic).label} mit ${pct(confidence)} Modellsicherheit.`,
    });
    const runnerUp = this.topics[second];
    if (runnerUp && topicProbs[second]! >= 0.2) {
      reasons.push({
        kind: 'model',
        text: `Auch möglich: ${topicInfo(runnerUp).label} (${pct(topicProbs[second]!)}); bitte prüfen, ob zwei Anliegen enthalten sind.`,
      });
    }

    if (inputReason) reasons.push(inputReason);

    const decision = decideClass(
      {
        topic,
        topicConfidence: confidence,
        topicProbs,
        classProbs,
        classGivenTopic: this.model.classGivenTopic,
        noConcernProb: this.noConcern < 0 ? 0 : topicProbs[this.noConcern]!,
        signals: features.signals,
        healthVocabulary: hasHealthVocabulary(features.folded),
        // Only read for "kein Anliegen" (see decideClass); most messages never need it.
        otherBusiness: topic === 'kein_anliegen' ? otherBusinessTerm(features.folded) : undefined,
        language: language.code,
      },
      this.model.decision,
    );
    reasons.push(...decision.reasons);

    if (language.code === 'und') {
      reasons.push({ kind: 'language', text: 'Sprache nicht bestimmbar.' });
    } else if (language.code !== 'de') {
      reasons.push({
        kind: 'language',
        text: `Nachricht auf ${language.name}; bitte sprachkundig prüfen.`,
      });
    } else {
      reasons.push({
        kind: 'language',
        text: language.assumed ? 'Sprache: zu kurz zum Bestimmen, Deutsch angenommen.' : 'Sprache: Deutsch.',
      });
    }

    return {
      topic,
      priorityClass: decision.priorityClass as PriorityClass,
      confidence: Math.round(confidence * 1000) / 1000,
      reasons,
      language: language.code,
      version: this.version,
      topicProbs,
      classProbs: decision.probs,
      escalated: decision.escalated,
    };
  }

  /** The words and word pairs that pushed the topic score up most. */
  private topWords(features: Features, contributions: Float64Array, topic: TopicSlug): TriageReason {
    // Only word-level features have a name (a hundred or so of the entries): rank those that raised the
    // score, and look up the name (its first occurrence) only for as many as are shown.
    const { index } = features.vector;
    const source = features.source;
    const positions = source?.positions ?? [];
    if (candidateBuffer.length < positions.length) candidateBuffer = new Int32Array(positions.length * 2);
    const candidates = candidateBuffer;
    let count = 0;
    for (const pos of positions) if (contributions[pos]! > 0) candidates[count++] = pos;
    // Named in order of contribution (of equals, the first entry first) until TOP_WORDS are shown, plus
    // any tied with the last one (ties are broken alphabetically). Picking the next largest each time:
    // about ten of a hundred candidates are looked at, so sorting them all costs more.
    const picked: { word: string; c: number }[] = [];
    for (let taken = 0; taken < count; taken++) {
      let at = taken;
      for (let k = taken + 1; k < count; k++) {
        if (contributions[candidates[k]!]! > contributions[candidates[at]!]!) at = k;
      }
      const pos = candidates[at]!;
      candidates.copyWithin(taken + 1, taken, at);
      candidates[taken] = pos;
      const c = contributions[pos]!;
      if (picked.length >= TOP_WORDS && c < picked[picked.length - 1]!.c) break;
      const word = source!.name(source!.index.indexOf(index[pos]!));
      if (!word.includes('=') && !word.startsWith('#') && isShownWord(word)) picked.push({ word, c });
    }
    const top = picked
      .sort((a, b) => b.c - a.c || (a.word < b.word ? -1 : 1))
      .slice(0, TOP_WORDS)
      .map(({ word }) => `„${word}“`);
    if (top.length === 0) {
      return {
        kind: 'keyword',
        text: `Keine einzelnen Wörter ausschlaggebend für ${topicInfo(topic).label}.`,
      };
    }
    return {
      kind: 'keyword',
      text: `Ausschlaggebende Wörter für ${topicInfo(topic).label}: ${top.join(', ')}.`,
    };
  }
}
