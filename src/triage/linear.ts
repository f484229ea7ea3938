/**
 * Multinomial logistic regression over sparse features, trained with AdaGrad SGD in a seeded order, so the
 * same data always give the same weights. Training works on compact feature ids (0..F-1); the trained model
 * is kept keyed by the hashed feature index for classification.
 */
import { seededRandom } from '../shared/random.js';
import type { SparseVector } from './features.js';

export interface SparseRow {
  /** Compact feature ids, ascending. */
  idx: Int32Array;
  val: Float64Array;
  label: number;
  weight: number;
  /** Fixed per-class score added before the softmax (a prior the weights then correct). */
  offset?: Float64Array;
}

export interface SoftmaxOptions {
  epochs: number;
  /** L2 strength, applied to the weights an example touches. */
  l2: number;
  learningRate: number;
  seed: number;
  /** Return the average of the weights over all steps (less variance than the last iterate). */
  average?: boolean;
}

export interface DenseSoftmax {
  classes: number;
  features: number;
  /** features × classes, row-major. */
  w: Float64Array;
  bias: Float64Array;
}

/** Softmax of `scores` in place; returns it. */
export function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(scores[k]! - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = scores[k]! / sum;
  return scores;
}

export function predictDense(
  model: DenseSoftmax,
  row: Pick<SparseRow, 'idx' | 'val' | 'offset'>,
): Float64Array {
  const K = model.classes;
  const scores = Float64Array.from(model.bias);
  if (row.offset) for (let k = 0; k < K; k++) scores[k] = scores[k]! + row.offset[k]!;
  for (let j = 0; j < row.idx.length; j++) {
    const off = row.idx[j]! * K;
    const x = row.val[j]!;
    for (let k = 0; k < K; k++) scores[k] = scores[k]! + x * model.w[off + k]!;
  }
  return softmaxInPlace(scores);
}

/** Fits the weights; deterministic for a given row order and seed. */
export function trainSoftmax(
  rows: readonly SparseRow[],
  features: number,
  classes: number,
  options: SoftmaxOptions,
): DenseSoftmax {
  const K = classes;
  const w = new Float64Array(features * K);
  const g2 = new Float64Array(features * K);
  const bias = new Float64Array(K);
  const b2 = new Float64Array(K);
  const model: DenseSoftmax = { classes: K, features, w, bias };
  const rand = seededRandom(options.seed);
  const order = rows.map((_, i) => i);
  const eps = 1e-8;
  const lr = options.learningRate;
  // Averaging trick: with u accumulating step × change, the mean of all iterates is w − u / steps.
  const average = options.average ?? false;
  const u = average ? new Float64Array(features * K) : undefined;
  const ub = average ? new Float64Array(K) : undefined;
  const l2 = options.l2;
  const gk = new Float64Array(K);
  const ks = new Int32Array(K);
  let step = 1;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    // Fisher-Yates with the seeded generator.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const r of order) {
      const row = rows[r]!;
      const p = predictDense(model, row);
      // Gradient of the loss in the class scores; tiny ones are skipped.
      let active = 0;
      for (let k = 0; k < K; k++) {
        const g = (p[k]! - (k === row.label ? 1 : 0)) * row.weight;
        if (Math.abs(g) < 1e-6) continue;
        gk[active] = g;
        ks[active++] = k;
        b2[k] = b2[k]! + g * g;
        const db = (lr * g) / Math.sqrt(b2[k]! + eps);
        bias[k] = bias[k]! - db;
        if (ub) ub[k] = ub[k]! - step * db;
      }
      // Feature-major: the K weights of one feature sit together in memory.
      for (let j = 0; j < row.idx.length; j++) {
        const base = row.idx[j]! * K;
        const x = row.val[j]!;
        for (let a = 0; a < active; a++) {
          const at = base + ks[a]!;
          const grad = gk[a]! * x + l2 * w[at]!;
          g2[at] = g2[at]! + grad * grad;
          const dw = (lr * grad) / Math.sqrt(g2[at]! + eps);
          w[at] = w[at]! - dw;
          if (u) u[at] = u[at]! - step * dw;
        }
      }
      step++;
    }
  }
  if (u && ub) {
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - u[i]! / step;
    for (let k = 0; k < K; k++) bias[k] = bias[k]! - ub[k]! / step;
  }
  return model;
}

/** One trained softmax as stored: int8 weights with one scale per row, rows keyed by hashed feature index. */
export interface SoftmaxParts {
  classes: number;
  bias: Float64Array;
  hashes: Uint32Array;
  /** rows × classes, row-major, in the order of `hashes`. */
  weights: Int8Array;
  scales: Float32Array;
}

/**
 * The topic and the class model over the same hashed features, evaluated in one pass: per feature one
 * probe of a small hash table and one row holding both models' int8 weights (41 bytes, one cache line).
 * Between the other steps of triage the tables are no longer in cache, so the reads cost more than the
 * arithmetic: the table keeps (hashed index, row) pairs side by side in an open-addressing array, a quarter
 * of the size of a flat index over all 2^20 hashes, and sharing rows between the heads halves the reads.
 */
export class TwoHeadSoftmax {
  /** Slot s holds (hashed index + 1, row) at 2s and 2s + 1; 0 marks an empty slot. */
  private readonly slots: Int32Array;
  private readonly slotMask: number;
  /** 32 minus the bits of the slot number: the home slot is the top bits of the multiplied hash. */
  private readonly slotShift: number;
  private readonly width: number;
  private readonly weights: Int8Array;
  private readonly scalesA: Float32Array;
  private readonly scalesB: Float32Array;
  readonly size: number;

  constructor(
    private readonly a: SoftmaxParts,
    private readonly b: SoftmaxParts,
    hashBits: number,
  ) {
    const limit = 2 ** hashBits;
    const distinct = new Set<number>();
    for (const parts of [a, b]) {
      for (const h of parts.hashes) {
        if (h >= limit) throw new Error('model file: feature index outside the hash range');
        distinct.add(h);
      }
    }
    // At most half full, so a probe for an absent feature ends after a slot or two.
    let capacity = 16;
    while (capacity < 2 * distinct.size) capacity *= 2;
    this.slots = new Int32Array(2 * capacity);
    this.slotMask = capacity - 1;
    this.slotShift = 32 - Math.log2(capacity);
    let rows = 0;
    for (const h of [...distinct].sort((x, y) => x - y)) {
      let s = this.home(h);
      while (this.slots[2 * s] !== 0) s = (s + 1) & this.slotMask;
      this.slots[2 * s] = h + 1;
      this.slots[2 * s + 1] = rows++;
    }
    this.size = rows;
    this.width = a.classes + b.classes;
    this.weights = new Int8Array(rows * this.width);
    this.scalesA = new Float32Array(rows);
    this.scalesB = new Float32Array(rows);
    const place = (parts: SoftmaxParts, column: number, scales: Float32Array) => {
      const K = parts.classes;
      for (let r = 0; r < parts.hashes.length; r++) {
        const row = this.rowOf(parts.hashes[r]!);
        scales[row] = parts.scales[r]!;
        this.weights.set(parts.weights.subarray(r * K, (r + 1) * K), row * this.width + column);
      }
    };
    place(a, 0, this.scalesA);
    place(b, a.classes, this.scalesB);
  }

  /** Home slot of a hashed index: Fibonacci hashing, the top bits of the index times 2^32 / φ. */
  private home(index: number): number {
    return Math.imul(index, 0x9e3779b1) >>> this.slotShift;
  }

  /** Row of a hashed index, or -1 when neither model has weights for it. */
  private rowOf(index: number): number {
    const slots = this.slots;
    const key = index + 1;
    for (let s = this.home(index); ; s = (s + 1) & this.slotMask) {
      const k = slots[2 * s]!;
      if (k === key) return slots[2 * s + 1]!;
      if (k === 0) return -1;
    }
  }

  /**
   * Probabilities of both heads for a feature vector. The second head's scores get `offsetB(probsA)` added
   * before its softmax (the class model's prior from the topic probabilities).
   */
  predict(
    vector: SparseVector,
    offsetB?: (probsA: Float64Array) => ArrayLike<number>,
  ): { a: Float64Array; b: Float64Array } {
    const KA = this.a.classes;
    const KB = this.b.classes;
    const W = this.width;
    const sa = Float64Array.from(this.a.bias);
    const sb = Float64Array.from(this.b.bias);
    const { weights, scalesA, scalesB } = this;
    const { index, value } = vector;
    for (let j = 0; j < index.length; j++) {
      const r = this.rowOf(index[j]!);
      if (r < 0) continue;
      const off = r * W;
      const xa = value[j]! * scalesA[r]!;
      if (xa !== 0) for (let k = 0; k < KA; k++) sa[k] = sa[k]! + xa * weights[off + k]!;
      const xb = value[j]! * scalesB[r]!;
      if (xb !== 0) for (let k = 0; k < KB; k++) sb[k] = sb[k]! + xb * weights[off + KA + k]!;
    }
    const a = softmaxInPlace(sa);
    if (offsetB) {
      const o = offsetB(a);
      for (let k = 0; k < KB; k++) sb[k] = sb[k]! + o[k]!;
    }
    return { a, b: softmaxInPlace(sb) };
  }

  /** Contribution of the feature with hashed index `index` and value `value` to head A's score of class `k`. */
  contributionA(index: number, value: number, k: number): number {
    const r = this.rowOf(index);
    return r < 0 ? 0 : value * this.scalesA[r]! * this.weights[r * this.width + k]!;
  }
}
