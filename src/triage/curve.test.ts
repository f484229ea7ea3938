import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../shared/corpus.js';
import { layoutProblems } from '../../test/support/svg-layout.js';
import { renderLearningCurveSvg } from './curve-chart.js';
import {
  fitErrorCurve,
  formatLearningCurve,
  learningCurve,
  messagesForMacroF1,
  predictMacroF1,
  stratifiedShares,
  type LearningCurve,
} from './curve.js';
import { computeFigures } from './evaluate.js';
import { LearnedTriage } from './learned-triage.js';
import { splitCorpus } from './split.js';
import { corpusToExamples, trainTriageModel } from './train.js';

const examples = ['a', 'b', 'c'].flatMap((topic, t) =>
  Array.from({ length: 10 * (t + 1) }, (_, i) => ({ id: `${topic}-${i}`, topic })),
);

describe('stratifiedShares', () => {
  it('gives nested shares that keep every topic in proportion and end with everything', () => {
    const shares = stratifiedShares(examples, 4, 0);
    expect(shares.map((s) => s.length)).toEqual([3 + 5 + 8, 5 + 10 + 15, 8 + 15 + 23, 60]);
    for (let k = 1; k < shares.length; k++) {
      const larger = new Set(shares[k]!.map((e) => e.id));
      expect(shares[k - 1]!.every((e) => larger.has(e.id))).toBe(true);
    }
    expect(shares[0]!.filter((e) => e.topic === 'c')).toHaveLength(8);
  });

  it('orders the examples by repeat, reproducibly', () => {
    const ids = (repeat: number) => stratifiedShares(examples, 4, repeat)[0]!.map((e) => e.id);
    expect(ids(0)).toEqual(ids(0));
    expect(ids(1)).not.toEqual(ids(0));
  });

  it('refuses a share count that is not a positive whole number', () => {
    expect(() => stratifiedShares(examples, 0, 0)).toThrow(RangeError);
    expect(() => stratifiedShares(examples, 2.5, 0)).toThrow(RangeError);
  });
});

describe('fitErrorCurve', () => {
  const sizes = [1000, 2000, 3000, 4000, 6000, 8000];
  const curve = (floor: number, scale: number, exponent: number) =>
    sizes.map((messages) => ({ messages, topicMacroF1: 1 - floor - scale * messages ** -exponent }));

  it('recovers a saturating power law from its points', () => {
    const fit = fitErrorCurve(curve(0.06, 17, 0.6), true);
    expect(fit.floor).toBeCloseTo(0.06, 3);
    expect(fit.exponent).toBeCloseTo(0.6, 2);
    expect(fit.rmse).toBeLessThan(1e-4);
    expect(predictMacroF1(fit, 8000)).toBeCloseTo(1 - 0.06 - 17 * 8000 ** -0.6, 3);
  });

  it('fits without a floor when told to, and never returns a negative floor', () => {
    const points = curve(0, 6, 0.43);
    const free = fitErrorCurve(points, false);
    expect(free.floor).toBe(0);
    expect(free.exponent).toBeCloseTo(0.43, 2);
    expect(fitErrorCurve(points, true).floor).toBeGreaterThanOrEqual(0);
  });

  it('needs at least three sizes for a floor', () => {
    expect(() => fitErrorCurve(curve(0.06, 17, 0.6).slice(0, 2), true)).toThrow(/at least 3/);
  });
});

describe('messagesForMacroF1', () => {
  it('inverts the fit, and says null where the curve levels off below the target', () => {
    const fit = { floor: 0.06, scale: 17, exponent: 0.6, rmse: 0 };
    const n = messagesForMacroF1(fit, 0.9)!;
    expect(predictMacroF1(fit, n)).toBeGreaterThanOrEqual(0.9);
    expect(predictMacroF1(fit, n - 1)).toBeLessThan(0.9);
    expect(messagesForMacroF1(fit, 0.95)).toBeNull();
  });
});

describe('learningCurve', () => {
  // Every 40th training message and every 4th held-out message keep the six trainings to seconds.
  const { train, heldOut } = splitCorpus(loadCorpus());
  const small = corpusToExamples(train.filter((_, i) => i % 40 === 0));
  const sample = heldOut.filter((_, i) => i % 4 === 0);
  let curve: LearningCurve;
  const events: { index: number; measured: boolean }[] = [];
  beforeAll(() => {
    curve = learningCurve({
      train: small,
      heldOut: sample,
      shares: 3,
      repeats: 2,
      onProgress: (e) => events.push({ index: e.index, measured: e.point !== undefined }),
    });
  }, 120_000);

  it('trains each share once per ordering and the whole split once, measuring each on the held-out messages', () => {
    expect(curve.points.map((p) => [p.repeat, p.share])).toEqual([
      [0, 1 / 3],
      [0, 2 / 3],
      [1, 1 / 3],
      [1, 2 / 3],
      [0, 1],
    ]);
    // The whole split in its own order: the very model `vorrang triage train` would make from it, with
    // the figures `vorrang triage eval` gives, message by message.
    const whole = trainTriageModel({ examples: small, corpusMessages: small.length, overrides: 0 });
    expect(curve.points[4]!.model).toBe(whole.version);
    const triage = new LearnedTriage(whole);
    const fig = computeFigures(
      sample,
      sample.map((m) =>
        triage.classifyDetailed(
          { text: m.text, subject: m.subject, sender: m.sender, channel: m.channel },
          false,
        ),
      ),
    );
    expect(curve.points[4]!.topicMacroF1).toBe(fig.topicMacroF1);
    expect(curve.points[4]!.underTriage).toBe(fig.underTriage.rate);
    expect(curve.points[4]!.overTriage).toBe(fig.overTriage.rate);
    expect(curve.points[0]!.messages).toBeLessThan(curve.points[1]!.messages);
    for (const p of curve.points) {
      expect(p.topicMacroF1).toBeGreaterThan(0);
      expect(p.topicMacroF1).toBeLessThan(1);
      expect(p.model).toMatch(/^learned-1\+/);
    }
    expect(events).toHaveLength(10);
    expect(events.filter((e) => e.measured).map((e) => e.index)).toEqual([1, 2, 3, 4, 5]);
    expect(curve.fit.floor).toBeGreaterThanOrEqual(0);
  });

  it('prints one row per trained model and both fits', () => {
    const text = formatLearningCurve(curve, 0.9);
    const rows = text.split('\n').filter((l) => /^ +\d+ +[01]\.\d{3} +\d +0\.\d{3} /.test(l));
    expect(rows).toHaveLength(5);
    expect(text).toContain(`Learning curve: ${small.length} training messages`);
    expect(text).toMatch(/Fit with a floor: error = \d\.\d{4} \+ [\d.]+ · n\^-[\d.]+ /);
    expect(text).toMatch(/Power law without a floor \(optimistic\): error = 0\.0000 \+/);
  });

  it('draws the curve as an accessible chart whose texts do not collide', () => {
    const svg = renderLearningCurveSvg(curve);
    expect(svg).toMatch(/^<svg[^>]* role="img" aria-label="Lernkurve der Themenerkennung/);
    expect(layoutProblems(svg, ['Trainingsnachrichten', 'Makro-F1', 'gemessen', 'Ziel 0,90'])).toEqual([]);
  });
});
