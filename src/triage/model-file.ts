/**
 * The committed model file (models/triage.json): two sparse softmax models with 8-bit weights in base64,
 * the class distribution per topic, the decision thresholds and the cross-validation figures that chose
 * them. Nothing in it depends on time or machine, so the same data give the same bytes.
 */
import { z } from 'zod';
import { CHANNELS, SENDER_KINDS } from '../shared/channels.js';
import { PRIORITY_CLASSES, TOPIC_SLUGS, type TopicSlug } from '../shared/taxonomy.js';
import type { DecisionConfig } from './decide.js';
import type { FeatureConfig } from './features.js';
import type { DenseSoftmax, SoftmaxParts } from './linear.js';

export const MODEL_FORMAT = 'vorrang-triage-model';
export const MODEL_FORMAT_VERSION = 2;

const serializedSoftmaxSchema = z.object({
  classes: z.number().int().positive(),
  rows: z.number().int().nonnegative(),
  bias: z.array(z.number()),
  /** Hashed feature indices of the kept rows, uint32 little-endian, ascending. */
  hashes: z.string(),
  /** One float32 (little-endian) scale per row. */
  scales: z.string(),
  /** rows × classes int8; weight = value × the row's scale. */
  weights: z.string(),
});
export type SerializedSoftmax = z.infer<typeof serializedSoftmaxSchema>;

export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  version: z.string(),
  trainedOn: z.object({
    examples: z.number(),
    corpusMessages: z.number(),
    overrides: z.number(),
    dataSha256: z.string(),
  }),
  /** See input-defaults.ts; absent in model files trained before it existed. */
  inputDefaults: z
    .object({
      sender: z.enum(SENDER_KINDS),
      channel: z.enum(CHANNELS),
      senders: z.array(z.enum(SENDER_KINDS)),
      channels: z.array(z.enum(CHANNELS)),
    })
    .optional(),
  featureConfig: z.object({
    hashBits: z.number().int().min(8).max(24),
    charMin: z.number().int().positive(),
    charMax: z.number().int().positive(),
    charWeight: z.number(),
    bigramWeight: z.number(),
  }),
  hyperparameters: z.record(z.string(), z.unknown()),
  topics: z.array(z.enum(TOPIC_SLUGS as [TopicSlug, ...TopicSlug[]])),
  classes: z.array(z.enum(PRIORITY_CLASSES)),
  topicModel: serializedSoftmaxSchema,
  classModel: serializedSoftmaxSchema,
  classGivenTopic: z.array(z.array(z.number())),
  decision: z.object({
    alpha: z.number(),
    p1Threshold: z.number(),
    urgentThreshold: z.number(),
    noConcernNoSafety: z.number(),
  }),
  crossValidation: z.record(z.string(), z.unknown()),
});
export type TriageModelFile = z.infer<typeof modelFileSchema> & {
  featureConfig: FeatureConfig;
  decision: DecisionConfig;
};

export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

/**
 * Serialises a trained model: weights below `prune` (absolute) are dropped, rows without any weight left
 * are omitted, the rest is quantised to int8 with one float32 scale per row (the largest weight of a row
 * keeps full relative precision; a step is at most 1/254 of the row's range).
 */
export function serializeSoftmax(
  model: DenseSoftmax,
  hashOf: Int32Array | Uint32Array,
  prune: number,
): SerializedSoftmax {
  const K = model.classes;
  const order = Array.from({ length: model.features }, (_, i) => i).sort((a, b) => hashOf[a]! - hashOf[b]!);
  const kept: number[] = [];
  for (const f of order) {
    for (let k = 0; k < K; k++) {
      if (Math.abs(model.w[f * K + k]!) >= prune) {
        kept.push(f);
        break;
      }
    }
  }
  const hashes = Buffer.alloc(kept.length * 4);
  const scales = Buffer.alloc(kept.length * 4);
  const weights = Buffer.alloc(kept.length * K);
  kept.forEach((f, r) => {
    hashes.writeUInt32LE(hashOf[f]! >>> 0, r * 4);
    let maxAbs = 0;
    for (let k = 0; k < K; k++) maxAbs = Math.max(maxAbs, Math.abs(model.w[f * K + k]!));
    const scale = Math.fround(maxAbs / 127);
    scales.writeFloatLE(scale, r * 4);
    for (let k = 0; k < K; k++) {
      const w = model.w[f * K + k]!;
      const q = Math.abs(w) >= prune ? Math.max(-127, Math.min(127, Math.round(w / scale))) : 0;
      weights.writeInt8(q, r * K + k);
    }
  });
  return {
    classes: K,
    rows: kept.length,
    bias: Array.from(model.bias, (b) => round(b)),
    hashes: hashes.toString('base64'),
    scales: scales.toString('base64'),
    weights: weights.toString('base64'),
  };
}

export function deserializeSoftmax(s: SerializedSoftmax): SoftmaxParts {
  const K = s.classes;
  const hashes = Buffer.from(s.hashes, 'base64');
  const scales = Buffer.from(s.scales, 'base64');
  const weights = Buffer.from(s.weights, 'base64');
  if (
    hashes.length !== s.rows * 4 ||
    scales.length !== s.rows * 4 ||
    weights.length !== s.rows * K ||
    s.bias.length !== K
  ) {
    throw new Error('model file: weight arrays do not match their declared size');
  }
  const rowHashes = new Uint32Array(s.rows);
  const rowScales = new Float32Array(s.rows);
  for (let r = 0; r < s.rows; r++) {
    rowHashes[r] = hashes.readUInt32LE(r * 4);
    rowScales[r] = scales.readFloatLE(r * 4);
  }
  const rowWeights = new Int8Array(weights.buffer, weights.byteOffset, weights.length).slice();
  return {
    classes: K,
    bias: Float64Array.from(s.bias),
    hashes: rowHashes,
    weights: rowWeights,
    scales: rowScales,
  };
}

/** Parses and validates a model file's JSON text. */
export function parseModelFile(json: string): TriageModelFile {
  const parsed = modelFileSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(`model file is not valid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  const m = parsed.data;
  if (m.topicModel.classes !== m.topics.length || m.classModel.classes !== m.classes.length) {
    throw new Error('model file: label lists do not match the models');
  }
  return m;
}
