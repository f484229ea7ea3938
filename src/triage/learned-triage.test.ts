import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../shared/corpus.js';
import { PRIORITY_CLASSES, TOPIC_SLUGS, type PriorityClass } from '../shared/taxonomy.js';
import { inputDefaultsOf } from './input-defaults.js';
import { LearnedTriage, isShownWord } from './learned-triage.js';
import { parseModelFile } from './model-file.js';
import { splitCorpus } from './split.js';
import {
  DEFAULT_HYPERPARAMETERS,
  corpusToExamples,
  modelToJson,
  trainTriageModel,
  type Hyperparameters,
  type TrainingExample,
} from './train.js';
import type { TriageResult } from './triage.js';

/** Small and quick, but the same code path as the real training. */
const FAST: Hyperparameters = {
  ...DEFAULT_HYPERPARAMETERS,
  topic: { ...DEFAULT_HYPERPARAMETERS.topic, epochs: 4 },
  cls: { ...DEFAULT_HYPERPARAMETERS.cls, epochs: 4 },
  folds: 3,
  alphaGrid: [0.5, 0.8],
  thresholdGrid: [0.2, 0.4, 1.01],
};

/** Up to `perTopic` training messages of every topic, in corpus order. */
function sample(perTopic: number): TrainingExample[] {
  const { train } = splitCorpus(loadCorpus());
  const seen = new Map<string, number>();
  return corpusToExamples(train).filter((e) => {
    const n = seen.get(e.topic) ?? 0;
    seen.set(e.topic, n + 1);
    return n < perTopic;
  });
}

let examples: TrainingExample[];
let json: string;
let triage: LearnedTriage;

beforeAll(() => {
  examples = sample(25);
  json = modelToJson(trainTriageModel({ examples, corpusMessages: examples.length, overrides: 0 }, FAST));
  triage = new LearnedTriage(parseModelFile(json));
}, 120_000);

const rank = (c: PriorityClass) => PRIORITY_CLASSES.indexOf(c) + 1;

function expectValid(r: TriageResult): void {
  expect(TOPIC_SLUGS).toContain(r.topic);
  expect(PRIORITY_CLASSES).toContain(r.priorityClass);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(r.reasons.length).toBeGreaterThan(0);
  for (const reason of r.reasons) expect(reason.text.length).toBeGreaterThan(0);
  expect(r.version).toBe(triage.version);
}

describe('training', () => {
  it('is deterministic: the same data give byte-identical model files', () => {
    const again = modelToJson(
      trainTriageModel({ examples, corpusMessages: examples.length, overrides: 0 }, FAST),
    );
    expect(again).toBe(json);
  }, 120_000);

  it('changes when the data change', () => {
    const fewer = examples.slice(0, -5);
    const other = modelToJson(
      trainTriageModel({ examples: fewer, corpusMessages: fewer.length, overrides: 0 }, FAST),
    );
    expect(other).not.toBe(json);
  }, 120_000);

  it('reads an example without sender or channel as triage reads such a message', () => {
    const defaults = inputDefaultsOf(examples)!;
    const bare = examples.map((e, i) => {
      if (i % 10 !== 0) return e;
      const { sender: _s, channel: _c, ...rest } = e;
      return rest;
    });
    const filled = examples.map((e, i) =>
      i % 10 === 0 ? { ...e, sender: defaults.sender, channel: defaults.channel } : e,
    );
    const train = (list: TrainingExample[]) =>
      trainTriageModel({ examples: list, corpusMessages: list.length, overrides: 0 }, FAST);
    const a = train(bare);
    const b = train(filled);
    expect(a.topicModel).toEqual(b.topicModel);
    expect(a.classModel).toEqual(b.classModel);
    expect(a.inputDefaults).toEqual(b.inputDefaults);
  }, 120_000);

  it('records no time of training', () => {
    expect(json).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });
});

describe('learned triage', () => {
  it('returns valid topics, classes and reasons for corpus messages', () => {
    for (const m of loadCorpus().slice(0, 60)) {
      const r = triage.classify({ text: m.text, subject: m.subject, sender: m.sender, channel: m.channel });
      expectValid(r);
    }
  });

  it('gives every message of a batch the result it gets alone', () => {
    const corpus = loadCorpus();
    const inputs = [
      ...corpus
        .filter((_, i) => i % 40 === 0)
        .map((m) => ({ text: m.text, subject: m.subject, sender: m.sender, channel: m.channel })),
      { text: '' },
      { text: '😀😀😀' },
      { text: 'Please call me back about my sick pay.' },
      // Forty long texts of a hundred messages each: over 300,000 features, so the batch is evaluated
      // in parts.
      ...Array.from({ length: 40 }, (_, i) => ({
        text: corpus
          .slice(i * 100, i * 100 + 100)
          .map((m) => m.text)
          .join('\n'),
      })),
    ];
    const batch = triage.classifyMany(inputs);
    expect(batch).toHaveLength(inputs.length);
    inputs.forEach((input, i) => expect(batch[i]).toEqual(triage.classify(input)));
    expect(new Set(batch.map((r) => r.topic)).size).toBeGreaterThan(10);
    const detailed = triage.classifyDetailedMany(inputs.slice(0, 20), false);
    detailed.forEach((d, i) => {
      const alone = triage.classifyDetailed(inputs[i]!, false);
      expect([...d.topicProbs]).toEqual([...alone.topicProbs]);
      expect(d.reasons.some((r) => r.kind === 'keyword')).toBe(false);
    });
  });

  it('reads a message without sender or channel as the most frequent kind in training, and says so', () => {
    const defaults = parseModelFile(json).inputDefaults!;
    expect(defaults).toEqual(inputDefaultsOf(examples));
    const text = 'Mein Krankengeld ist seit drei Wochen nicht überwiesen worden.';
    const bare = triage.classify({ text });
    const read = triage.classify({ text, sender: defaults.sender, channel: defaults.channel });
    expect({ ...bare, reasons: [] }).toEqual({ ...read, reasons: [] });
    expect(bare.reasons.filter((r) => r.kind === 'default').map((r) => r.text)).toEqual([
      expect.stringMatching(/^Absender und Eingangskanal nicht angegeben/),
    ]);
    expect(read.reasons.some((r) => r.kind === 'default')).toBe(false);
    const onlySender = triage.classify({ text, sender: 'provider' });
    expect({ ...onlySender, reasons: [] }).toEqual({
      ...triage.classify({ text, sender: 'provider', channel: defaults.channel }),
      reasons: [],
    });
    expect(onlySender.reasons.find((r) => r.kind === 'default')?.text).toMatch(
      /^Eingangskanal nicht angegeben.*wie E-Mail behandelt/,
    );
    // A channel no training message came through is read like a missing one.
    expect(defaults.channels).not.toContain('edge');
    const edge = triage.classify({ text, sender: 'insured', channel: 'edge' });
    expect({ ...edge, reasons: [] }).toEqual({ ...read, reasons: [] });
    expect(edge.reasons.find((r) => r.kind === 'default')?.text).toMatch(
      /^Eingangskanal Notfall-Erfassung ohne Trainingsbeispiele/,
    );
  });

  it('explains itself: driving words, model confidence and language', () => {
    const r = triage.classify({ text: 'Mein Krankengeld ist seit drei Wochen nicht überwiesen worden.' });
    const kinds = r.reasons.map((x) => x.kind);
    expect(kinds).toContain('keyword');
    expect(kinds).toContain('model');
    expect(kinds).toContain('language');
    expect(r.reasons.find((x) => x.kind === 'keyword')!.text).toMatch(/„[^“]+“/);
  });

  it('names words a reader can use: no greetings, sign-offs or pairs with a function word', () => {
    const r = triage.classify({
      text: 'Sehr geehrte Damen und Herren,\nmein Krankengeld ist seit drei Wochen nicht gekommen, die Miete ist fällig.\nMit freundlichen Grüßen',
    });
    const words = [...r.reasons.find((x) => x.kind === 'keyword')!.text.matchAll(/„([^“]+)“/g)].map(
      (m) => m[1]!,
    );
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) {
      expect(w).not.toMatch(/\b(?:geehrte|damen|herren|freundlichen|gruessen|mit|die|ist|seit|nicht)\b/);
    }
  });

  it('shows no function word, alone or in a pair ("ins", "beim", "sich", "werden"), but content words', () => {
    for (const w of ['ins', 'ins hospiz', 'beim', 'sich', 'meldet sich', 'werden', 'dieser', 'weil', 'muss'])
      expect(isShownWord(w), w).toBe(false);
    for (const w of ['hospiz', 'palliativteam', 'kommt morgen', 'folgeverordnung'])
      expect(isShownWord(w), w).toBe(true);
  });

  it('puts palliative care and an imminent discharge in P1', () => {
    const palliative = triage.classify({
      text: 'Mein Vater ist austherapiert, das Palliativteam soll ihn ab morgen zu Hause versorgen. Bitte schnell genehmigen.',
    });
    expect(palliative.priorityClass).toBe('P1');
    const discharge = triage.classify({
      text: 'Meine Mutter wird morgen aus dem Krankenhaus entlassen und braucht ein Pflegebett und Sauerstoff zu Hause.',
    });
    expect(discharge.priorityClass).toBe('P1');
    expect(discharge.reasons.some((x) => x.kind === 'rule' && /entlassung/i.test(x.text))).toBe(true);
  });

  it('raises a stopped cash benefit to at least P2', () => {
    const r = triage.classify({
      text: 'Seit vier Wochen kein Krankengeld, ich habe kein Geld mehr für die Miete.',
    });
    expect(rank(r.priorityClass)).toBeLessThanOrEqual(2);
  });

  it('does not make a parcel complaint P1 or P2', () => {
    const r = triage.classify({
      text: 'Mein Paket ist seit zwei Wochen nicht angekommen, die Sendung steht auf Zustellung. Ich will sofort mein Geld zurück, sonst gehe ich zum Anwalt!',
    });
    expect(rank(r.priorityClass)).toBeGreaterThan(2);
  });

  it('lowers when the sender says it is not urgent', () => {
    const urgent = triage.classify({
      text: 'Mein Krankengeld ist nicht gekommen, ich warte seit zwei Wochen.',
    });
    const calm = triage.classify({
      text: 'Mein Krankengeld ist nicht gekommen, ich warte seit zwei Wochen. Es ist aber kein Notfall, das hat Zeit.',
    });
    expect(rank(urgent.priorityClass)).toBeLessThanOrEqual(2);
    expect(rank(calm.priorityClass)).toBeGreaterThan(rank(urgent.priorityClass));
    expect(calm.reasons.some((x) => /nicht eilt/.test(x.text))).toBe(true);
  });

  it('keeps palliative care in P1 even when the sender says it is no emergency', () => {
    const r = triage.classify({
      text: 'Kein Notfall, aber: meine Frau ist im Hospiz, wer zahlt die Palliativversorgung?',
    });
    expect(r.priorityClass).toBe('P1');
  });

  it('flags English text and still triages it', () => {
    const r = triage.classify({
      text: 'Hello, my sick pay has not been paid for three weeks and I cannot pay my rent. Please help me as soon as possible.',
    });
    expectValid(r);
    expect(r.language).toBe('en');
    expect(r.reasons.some((x) => x.kind === 'language' && /Englisch/.test(x.text))).toBe(true);
  });

  it('copes with empty, emoji-only, HTML, binary and very long input', () => {
    const inputs = [
      '',
      '   ',
      '😀😀🙏🙏',
      '<html><body><p>Mein <b>Krankengeld</b> fehlt &auml;rgerlich</p></body></html>',
      String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 37) % 256)),
      'Krankengeld '.repeat(100_000),
      'x',
    ];
    for (const text of inputs) {
      const r = triage.classify({ text });
      expectValid(r);
    }
    expect(triage.classify({ text: '' }).topic).toBe('kein_anliegen');
    expect(triage.classify({ text: '😀😀🙏🙏' }).language).toBe('und');
  });
});
