import { describe, expect, it } from 'vitest';
import { computeFigures, type Labelled } from './evaluate.js';

const l = (topic: Labelled['topic'], priorityClass: Labelled['priorityClass']): Labelled => ({
  topic,
  priorityClass,
});

describe('evaluation figures', () => {
  it('counts under- and over-triage as defined', () => {
    const truth = [
      l('krankengeld', 'P2'),
      l('palliativ_sapv', 'P1'),
      l('diga', 'P4'),
      l('widerspruch', 'P3'),
    ];
    const pred = [l('krankengeld', 'P4'), l('palliativ_sapv', 'P2'), l('diga', 'P2'), l('widerspruch', 'P3')];
    const fig = computeFigures(truth, pred);
    expect(fig.underTriage).toEqual({ rate: 1, count: 2, of: 2 });
    expect(fig.overTriage).toEqual({ rate: 0.5, count: 1, of: 2 });
    expect(fig.classConfusion[1]).toEqual([0, 0, 0, 1]);
    expect(fig.classRecall.P3).toBe(1);
    expect(fig.classPrecision.P2).toBe(0);
    expect(fig.classRecall.P1).toBe(0);
  });

  it('counts messages that are no concern but came out P1/P2', () => {
    const truth = [
      l('kein_anliegen', 'P4'),
      l('kein_anliegen', 'P4'),
      l('kein_anliegen', 'P4'),
      l('diga', 'P4'),
    ];
    const pred = [
      l('kein_anliegen', 'P4'),
      l('beschwerde_sonstiges', 'P2'),
      l('kein_anliegen', 'P3'),
      l('diga', 'P1'),
    ];
    expect(computeFigures(truth, pred).notForUsUrgent).toEqual({ rate: 1 / 3, count: 1, of: 3 });
  });

  it('computes topic accuracy, macro-F1 and top confusions', () => {
    const truth = [l('krankengeld', 'P2'), l('krankengeld', 'P2'), l('reha', 'P3'), l('reha', 'P3')];
    const pred = [l('krankengeld', 'P2'), l('reha', 'P2'), l('reha', 'P3'), l('reha', 'P3')];
    const fig = computeFigures(truth, pred);
    expect(fig.topicAccuracy).toBe(0.75);
    // krankengeld: P=1, R=0.5, F1=2/3; reha: P=2/3, R=1, F1=0.8
    expect(fig.topicMacroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
    expect(fig.topTopicConfusions).toEqual([{ truth: 'krankengeld', predicted: 'reha', count: 1 }]);
  });
});
