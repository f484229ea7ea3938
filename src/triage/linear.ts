/**
 * Multinomial logistic regression over sparse features, trained with AdaGrad SGD in a seeded order, so the
 * same data always give the same weights. Training works on compact feature ids (0..F-1); the trained model
 * is kept keyed by the hashed feature index for classification.
 */
import { seededRandom } from '../shared/random.js';
import type { SparseVector } from './features.js';
import { SCORES_WASM } from './scores.wasm.js';

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

/** Both heads' probabilities for one feature vector. */
export interface TwoHeadPrediction {
  a: Float64Array;
  b: Float64Array;
  /**
   * Per entry of the vector, its contribution to head A's score of the class `explainA` picked (0 for a
   * feature the model does not know); only when asked for.
   */
  contributions?: Float64Array;
}

export interface PredictOptions {
  /** Added to the second head's scores before its softmax (the class model's prior from head A). */
  offsetB?: (probsA: Float64Array) => ArrayLike<number>;
  /** The head A class whose per-feature contributions are wanted. */
  explainA?: (probsA: Float64Array) => number;
  /**
   * Per vector, the entries whose contributions are wanted (ascending); the others get 0. Default: all.
   * Explanations name only word-level features, a fifth of the entries, and each contribution is a read
   * of the weights that is no longer in cache.
   */
  explainEntries?: readonly (readonly number[])[];
}

/** Features of a batch are grouped into 2^10 runs of neighbouring slots: each run's part of the tables fits L1. */
const RUN_BITS = 10;

/**
 * The topic and the class model over the same hashed features, evaluated in one pass: per feature one
 * probe of a small hash table and one row holding both models' int8 weights (41 bytes, one cache line).
 * Between the other steps of triage the tables are no longer in cache, so the reads cost more than the
 * arithmetic. Three things keep them few and cheap: the table keeps (hashed index, row) pairs side by side
 * in an open-addressing array, the rows follow the order of the slots, and a batch of messages is evaluated
 * together in slot order, so each stretch of both tables is loaded once per batch, not once per message.
 */
export class TwoHeadSoftmax {
  /** Slot s holds (hashed index + 1, row) at 2s and 2s + 1; 0 marks an empty slot. */
  private readonly slots: Int32Array;
  private readonly slotMask: number;
  /** 32 minus the bits of the slot number: the home slot is the top bits of the multiplied hash. */
  private readonly slotShift: number;
  /** 32 minus the bits of the run number (a run is a stretch of neighbouring home slots). */
  private readonly runShift: number;
  private readonly width: number;
  /** The weights, at the start of the scoring kernel's memory (a view, renewed when the memory grows). */
  private weights: Int8Array;
  private readonly kernel: ScoreKernel;
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
    const slotBits = Math.log2(capacity);
    this.slots = new Int32Array(2 * capacity);
    this.slotMask = capacity - 1;
    this.slotShift = 32 - slotBits;
    this.runShift = 32 - Math.min(RUN_BITS, slotBits);
    for (const h of [...distinct].sort((x, y) => x - y)) {
      let s = this.home(h);
      while (this.slots[2 * s] !== 0) s = (s + 1) & this.slotMask;
      this.slots[2 * s] = h + 1;
    }
    let rows = 0;
    for (let s = 0; s < capacity; s++) if (this.slots[2 * s] !== 0) this.slots[2 * s + 1] = rows++;
    this.size = rows;
    this.width = a.classes + b.classes;
    this.kernel = new ScoreKernel(rows * this.width);
    this.weights = this.kernel.weights();
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
   * Probabilities of both heads for each feature vector of a batch. A message's result does not depend on
   * the batch it is in: its features are always summed in the same order (by run, then by index).
   */
  predictMany(vectors: readonly SparseVector[], options: PredictOptions = {}): TwoHeadPrediction[] {
    const KA = this.a.classes;
    const KB = this.b.classes;
    const n = vectors.length;
    const start = new Int32Array(n + 1);
    for (let m = 0; m < n; m++) start[m + 1] = start[m]! + vectors[m]!.index.length;
    const total = start[n]!;

    // Counting sort of all entries by run; within a run, entries keep their batch order.
    const runShift = this.runShift;
    const runCount = new Int32Array((1 << (32 - runShift)) + 1);
    for (const { index } of vectors) {
      for (let j = 0; j < index.length; j++) runCount[(Math.imul(index[j]!, 0x9e3779b1) >>> runShift) + 1]!++;
    }
    for (let r = 1; r < runCount.length; r++) runCount[r]! += runCount[r - 1]!;
    const sortedIndex = new Int32Array(total);
    const sortedValue = new Float64Array(total);
    const sortedMsg = new Int32Array(total);
    const sortedEntry = new Int32Array(total);
    for (let m = 0; m < n; m++) {
      const { index, value } = vectors[m]!;
      for (let j = 0; j < index.length; j++) {
        const at = runCount[Math.imul(index[j]!, 0x9e3779b1) >>> runShift]!++;
        sortedIndex[at] = index[j]!;
        sortedValue[at] = value[j]!;
        sortedMsg[at] = m;
        sortedEntry[at] = start[m]! + j;
      }
    }

    // The kernel adds each known feature's weights, times its value and scale, to its message's scores.
    const groupsA = Math.ceil(KA / 8);
    const groupsB = Math.ceil(KB / 8);
    const mem = this.kernel.prepare(total, n * 8 * groupsA, n * 8 * groupsB);
    this.weights = mem.weights;
    const { scalesA, scalesB } = this;
    for (let m = 0; m < n; m++) {
      mem.sa.set(this.a.bias, m * 8 * groupsA);
      mem.sb.set(this.b.bias, m * 8 * groupsB);
    }
    const knownEntry = new Int32Array(total);
    let known = 0;
    for (let i = 0; i < total; i++) {
      const r = this.rowOf(sortedIndex[i]!);
      if (r < 0) continue;
      knownEntry[known] = sortedEntry[i]!;
      const x = sortedValue[i]!;
      mem.rows[known] = r;
      mem.msgs[known] = sortedMsg[i]!;
      mem.xa[known] = x * scalesA[r]!;
      mem.xb[known++] = x * scalesB[r]!;
    }
    this.kernel.accumulate(known, this.width, KA, groupsA, groupsB);

    const out: TwoHeadPrediction[] = [];
    const picked = new Int32Array(n);
    // Out of the kernel's memory (which may grow and so detach views) into one buffer per head and batch:
    // views of it cost less than a buffer per message.
    const probsA = new Float64Array(n * KA);
    const probsB = new Float64Array(n * KB);
    for (let m = 0; m < n; m++) {
      probsA.set(mem.sa.subarray(m * 8 * groupsA, m * 8 * groupsA + KA), m * KA);
      probsB.set(mem.sb.subarray(m * 8 * groupsB, m * 8 * groupsB + KB), m * KB);
      const a = softmaxInPlace(probsA.subarray(m * KA, (m + 1) * KA));
      const b = probsB.subarray(m * KB, (m + 1) * KB);
      if (options.offsetB) {
        const o = options.offsetB(a);
        for (let k = 0; k < KB; k++) b[k] = b[k]! + o[k]!;
      }
      out.push({ a, b: softmaxInPlace(b) });
      if (options.explainA) picked[m] = options.explainA(a);
    }
    if (options.explainA) {
      // The known entries once more, in the same order through the weights: the picked class's share.
      const contributions = new Float64Array(total);
      const { weights, width } = this;
      let wanted: Uint8Array | undefined;
      if (options.explainEntries) {
        wanted = new Uint8Array(total);
        for (let m = 0; m < n; m++)
          for (const j of options.explainEntries[m] ?? []) wanted[start[m]! + j] = 1;
      }
      for (let q = 0; q < known; q++) {
        const entry = knownEntry[q]!;
        if (wanted && wanted[entry] === 0) continue;
        contributions[entry] = mem.xa[q]! * weights[mem.rows[q]! * width + picked[mem.msgs[q]!]!]!;
      }
      for (let m = 0; m < n; m++) out[m]!.contributions = contributions.subarray(start[m]!, start[m + 1]!);
    }
    return out;
  }
}

let kernelModule: WebAssembly.Module | undefined;

/** Views of the kernel's memory for one batch. */
interface KernelMemory {
  weights: Int8Array;
  rows: Int32Array;
  msgs: Int32Array;
  xa: Float64Array;
  xb: Float64Array;
  sa: Float64Array;
  sb: Float64Array;
}

/**
 * The SIMD inner loop of predictMany (scores.wat) with its memory: the weights first, then per batch the
 * entries and the scores. The plain loop spends its time on bounds checks and one class at a time; this
 * one adds two classes per instruction, with the same arithmetic in the same order.
 */
class ScoreKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly run: (...args: number[]) => void;
  private readonly weightBytes: number;
  private layout = { rows: 0, msgs: 0, xa: 0, xb: 0, sa: 0, sb: 0 };

  constructor(weightBytes: number) {
    kernelModule ??= new WebAssembly.Module(Buffer.from(SCORES_WASM, 'base64'));
    const instance = new WebAssembly.Instance(kernelModule, {});
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.run = instance.exports.accumulate as (...args: number[]) => void;
    // The last row's final group of eight reads a few bytes past the weights.
    this.weightBytes = weightBytes;
    this.grow(align(weightBytes + 16));
  }

  private grow(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  weights(): Int8Array {
    return new Int8Array(this.memory.buffer, 0, this.weightBytes);
  }

  /** Room for `entries` entries and the given numbers of scores; the scores start at 0. */
  prepare(entries: number, scoresA: number, scoresB: number): KernelMemory {
    const rows = align(this.weightBytes + 16);
    const msgs = align(rows + 4 * entries);
    const xa = align(msgs + 4 * entries);
    const xb = xa + 8 * entries;
    const sa = xb + 8 * entries;
    const sb = sa + 8 * scoresA;
    this.grow(sb + 8 * scoresB);
    this.layout = { rows, msgs, xa, xb, sa, sb };
    const buffer = this.memory.buffer;
    const view = {
      weights: this.weights(),
      rows: new Int32Array(buffer, rows, entries),
      msgs: new Int32Array(buffer, msgs, entries),
      xa: new Float64Array(buffer, xa, entries),
      xb: new Float64Array(buffer, xb, entries),
      sa: new Float64Array(buffer, sa, scoresA),
      sb: new Float64Array(buffer, sb, scoresB),
    };
    view.sa.fill(0);
    view.sb.fill(0);
    return view;
  }

  /** Runs the loop over the first `entries` entries of the last prepared batch. */
  accumulate(entries: number, width: number, classesA: number, groupsA: number, groupsB: number): void {
    const l = this.layout;
    this.run(entries, l.rows, l.msgs, l.xa, l.xb, 0, width, classesA, groupsA, groupsB, l.sa, l.sb);
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
