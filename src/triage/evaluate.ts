/**
 * Evaluation figures for triage: per-class recall and precision, under- and over-triage, topic accuracy
 * and macro-F1, the 4×4 class confusion matrix and the most frequent topic confusions.
 */
import { PRIORITY_CLASSES, classRank, type PriorityClass, type TopicSlug } from '../shared/taxonomy.js';

export interface Labelled {
  topic: TopicSlug;
  priorityClass: PriorityClass;
}

export interface Rate {
  rate: number;
  count: number;
  of: number;
}

export interface EvalFigures {
  n: number;
  classAccuracy: number;
  classRecall: Record<PriorityClass, number | null>;
  classPrecision: Record<PriorityClass, number | null>;
  /** True P1/P2 given a lower class, over all true P1/P2. */
  underTriage: Rate;
  /** True P3/P4 given P1/P2, over all true P3/P4. */
  overTriage: Rate;
  /** Messages that are no concern for the Kasse (`kein_anliegen`) given P1/P2, over all such messages. */
  notForUsUrgent: Rate;
  topicAccuracy: number;
  /** Mean F1 over every topic that occurs as truth or prediction. */
  topicMacroF1: number;
  perTopic: Record<string, { support: number; precision: number; recall: number; f1: number }>;
  /** Rows: true class, columns: predicted class, order P1..P4. */
  classConfusion: number[][];
  topTopicConfusions: { truth: TopicSlug; predicted: TopicSlug; count: number }[];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const rate = (count: number, of: number): Rate => ({ rate: of === 0 ? 0 : count / of, count, of });

export function computeFigures(truth: readonly Labelled[], predicted: readonly Labelled[]): EvalFigures {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const n = truth.length;
  const confusion = PRIORITY_CLASSES.map(() => PRIORITY_CLASSES.map(() => 0));
  let under = 0;
  let urgent = 0;
  let over = 0;
  let routine = 0;
  let notForUs = 0;
  let notForUsUrgent = 0;
  let topicHits = 0;
  let classHits = 0;
  const tp = new Map<string, number>();
  const support = new Map<string, number>();
  const predCount = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    const tr = classRank(t.priorityClass);
    const pr = classRank(p.priorityClass);
    confusion[tr - 1]![pr - 1]!++;
    if (tr === pr) classHits++;
    if (tr <= 2) {
      urgent++;
      if (pr > tr) under++;
    } else {
      routine++;
      if (pr <= 2) over++;
    }
    if (t.topic === 'kein_anliegen') {
      notForUs++;
      if (pr <= 2) notForUsUrgent++;
    }
    support.set(t.topic, (support.get(t.topic) ?? 0) + 1);
    predCount.set(p.topic, (predCount.get(p.topic) ?? 0) + 1);
    if (t.topic === p.topic) {
      topicHits++;
      tp.set(t.topic, (tp.get(t.topic) ?? 0) + 1);
    } else {
      const key = `${t.topic}\u0000${p.topic}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  const labels = [...new Set([...support.keys(), ...predCount.keys()])].sort();
  const perTopic: EvalFigures['perTopic'] = {};
  let f1Sum = 0;
  for (const label of labels) {
    const hits = tp.get(label) ?? 0;
    const s = support.get(label) ?? 0;
    const pc = predCount.get(label) ?? 0;
    const precision = pc === 0 ? 0 : hits / pc;
    const recall = s === 0 ? 0 : hits / s;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perTopic[label] = { support: s, precision, recall, f1 };
    f1Sum += f1;
  }
  const classRecall = {} as Record<PriorityClass, number | null>;
  const classPrecision = {} as Record<PriorityClass, number | null>;
  PRIORITY_CLASSES.forEach((c, i) => {
    const row = confusion[i]!;
    const col = confusion.reduce((s, r) => s + r[i]!, 0);
    classRecall[c] = ratio(
      row[i]!,
      row.reduce((a, b) => a + b, 0),
    );
    classPrecision[c] = ratio(row[i]!, col);
  });
  const topTopicConfusions = [...pairs.entries()]
    .map(([key, count]) => {
      const [t, p] = key.split('\u0000') as [TopicSlug, TopicSlug];
      return { truth: t, predicted: p, count };
    })
    .sort(
      (a, b) => b.count - a.count || a.truth.localeCompare(b.truth) || a.predicted.localeCompare(b.predicted),
    )
    .slice(0, 15);
  return {
    n,
    classAccuracy: n === 0 ? 0 : classHits / n,
    classRecall,
    classPrecision,
    underTriage: rate(under, urgent),
    overTriage: rate(over, routine),
    notForUsUrgent: rate(notForUsUrgent, notForUs),
    topicAccuracy: n === 0 ? 0 : topicHits / n,
    topicMacroF1: labels.length === 0 ? 0 : f1Sum / labels.length,
    perTopic,
    classConfusion: confusion,
    topTopicConfusions,
  };
}

const f = (x: number | null, digits = 3): string => (x === null ? '   - ' : x.toFixed(digits));
const pc = (r: Rate): string => `${(r.rate * 100).toFixed(1)} % (${r.count}/${r.of})`;

/** Human-readable report. */
/** The headline rates of `fig`, rounded to 4 digits (for model files and benchmark results). */
export function summarizeFigures(fig: EvalFigures): Record<string, number> {
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    underTriage: r(fig.underTriage.rate),
    overTriage: r(fig.overTriage.rate),
    notForUsUrgent: r(fig.notForUsUrgent.rate),
    classAccuracy: r(fig.classAccuracy),
    topicAccuracy: r(fig.topicAccuracy),
    topicMacroF1: r(fig.topicMacroF1),
  };
}

export function formatFigures(fig: EvalFigures, title: string): string {
  const lines: string[] = [];
  lines.push(`${title}: ${fig.n} messages`);
  lines.push('');
  lines.push(`Under-triage (true P1/P2 given a lower class): ${pc(fig.underTriage)}`);
  lines.push(`Over-triage (true P3/P4 given P1/P2):          ${pc(fig.overTriage)}`);
  lines.push(`No concern for the Kasse given P1/P2:          ${pc(fig.notForUsUrgent)}`);
  lines.push(`Class accuracy: ${f(fig.classAccuracy)}`);
  lines.push(`Topic accuracy: ${f(fig.topicAccuracy)}   topic macro-F1: ${f(fig.topicMacroF1)}`);
  lines.push('');
  lines.push('Class   recall  precision');
  for (const c of PRIORITY_CLASSES)
    lines.push(`${c}      ${f(fig.classRecall[c])}   ${f(fig.classPrecision[c])}`);
  lines.push('');
  lines.push('Class confusion (rows: true, columns: predicted)');
  lines.push(`        ${PRIORITY_CLASSES.map((c) => c.padStart(5)).join('')}`);
  fig.classConfusion.forEach((row, i) => {
    lines.push(`   ${PRIORITY_CLASSES[i]}  ${row.map((v) => String(v).padStart(5)).join('')}`);
  });
  lines.push('');
  lines.push('Top topic confusions (true → predicted: count)');
  if (fig.topTopicConfusions.length === 0) lines.push('  none');
  for (const c of fig.topTopicConfusions) lines.push(`  ${c.truth} → ${c.predicted}: ${c.count}`);
  lines.push('');
  lines.push('Weakest topics (F1, support)');
  const weakest = Object.entries(fig.perTopic)
    .sort((a, b) => a[1].f1 - b[1].f1 || a[0].localeCompare(b[0]))
    .slice(0, 8);
  for (const [slug, t] of weakest) lines.push(`  ${slug.padEnd(28)} ${f(t.f1)}  (${t.support})`);
  return lines.join('\n');
}
