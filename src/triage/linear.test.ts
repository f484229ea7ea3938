import { describe, expect, it } from 'vitest';
import { seededRandom } from '../shared/random.js';
import type { SparseVector } from './features.js';
import { softmaxInPlace, TwoHeadSoftmax, type SoftmaxParts } from './linear.js';

const HASH_BITS = 20;

function randomParts(rand: () => number, classes: number, hashes: number[]): SoftmaxParts {
  return {
    classes,
    bias: Float64Array.from({ length: classes }, () => rand() - 0.5),
    hashes: Uint32Array.from(hashes),
    weights: Int8Array.from({ length: hashes.length * classes }, () => Math.floor(rand() * 255) - 127),
    scales: Float32Array.from(hashes, () => rand() / 100),
  };
}

/** The same scores computed the plain way: a Map from hash to row. */
function reference(parts: SoftmaxParts, v: SparseVector): Float64Array {
  const row = new Map([...parts.hashes].map((h, r) => [h, r]));
  const s = Float64Array.from(parts.bias);
  for (let j = 0; j < v.index.length; j++) {
    const r = row.get(v.index[j]!);
    if (r === undefined) continue;
    for (let k = 0; k < parts.classes; k++)
      s[k] = s[k]! + v.value[j]! * parts.scales[r]! * parts.weights[r * parts.classes + k]!;
  }
  return softmaxInPlace(s);
}

describe('TwoHeadSoftmax', () => {
  const rand = seededRandom(7);
  // Hashes that share their low bits collide in a naive table; half the topic hashes also carry class weights.
  const topicHashes = Array.from({ length: 3000 }, (_, i) =>
    i % 2 ? i << 8 : Math.floor(rand() * 2 ** HASH_BITS),
  );
  const unique = [...new Set(topicHashes)];
  const classHashes = unique.filter((_, i) => i % 2 === 0).concat([2 ** HASH_BITS - 1]);
  const a = randomParts(rand, 37, unique);
  const b = randomParts(rand, 4, classHashes);
  const model = new TwoHeadSoftmax(a, b, HASH_BITS);

  const randomVector = (): SparseVector => {
    const picked = new Set<number>();
    for (let i = 0; i < 200; i++) {
      picked.add(
        rand() < 0.7 ? unique[Math.floor(rand() * unique.length)]! : Math.floor(rand() * 2 ** HASH_BITS),
      );
    }
    const index = Int32Array.from([...picked].sort((x, y) => x - y));
    return { index, value: Float64Array.from(index, () => rand()) };
  };

  it('finds every feature of either head and ignores unknown ones', () => {
    expect(model.size).toBe(new Set([...unique, ...classHashes]).size);
    const vectors = Array.from({ length: 50 }, randomVector);
    const predictions = model.predictMany(vectors);
    vectors.forEach((v, m) => {
      const ra = reference(a, v);
      const rb = reference(b, v);
      for (let k = 0; k < 37; k++) expect(predictions[m]!.a[k]).toBeCloseTo(ra[k]!, 12);
      for (let k = 0; k < 4; k++) expect(predictions[m]!.b[k]).toBeCloseTo(rb[k]!, 12);
    });
  });

  it('gives each message the same result alone as in a batch', () => {
    const vectors = Array.from({ length: 20 }, randomVector);
    const together = model.predictMany(vectors, { explainA: () => 3 });
    vectors.forEach((v, m) => {
      const [alone] = model.predictMany([v], { explainA: () => 3 });
      expect([...together[m]!.a]).toEqual([...alone!.a]);
      expect([...together[m]!.b]).toEqual([...alone!.b]);
      expect([...together[m]!.contributions!]).toEqual([...alone!.contributions!]);
    });
  });

  it('adds the offset of the second head and explains the picked class feature by feature', () => {
    const vectors = [randomVector(), randomVector()];
    const offset = [2, 0, 0, -2];
    const predictions = model.predictMany(vectors, {
      offsetB: () => offset,
      explainA: (probs) => (probs[0]! > 0 ? 5 : 0),
    });
    const row = new Map([...a.hashes].map((h, r) => [h, r]));
    vectors.forEach((v, m) => {
      const p = predictions[m]!;
      const shifted = reference(b, v).map((x, k) => Math.log(x) + offset[k]!);
      const expected = softmaxInPlace(Float64Array.from(shifted));
      for (let k = 0; k < 4; k++) expect(p.b[k]).toBeCloseTo(expected[k]!, 12);
      v.index.forEach((h, j) => {
        const r = row.get(h);
        const c = r === undefined ? 0 : v.value[j]! * a.scales[r]! * a.weights[r * 37 + 5]!;
        expect(p.contributions![j]).toBeCloseTo(c, 12);
      });
      expect(p.contributions!.some((c) => c === 0)).toBe(true);
      expect(p.contributions!.some((c) => c !== 0)).toBe(true);
    });
  });

  it('explains only the entries asked for, each as it would be explained among all', () => {
    const vectors = [randomVector(), randomVector(), randomVector()];
    const full = model.predictMany(vectors, { explainA: () => 7 });
    // Every third entry of the first vector, none of the second, every other entry of the third.
    const wanted = vectors.map((v, m) =>
      m === 1 ? [] : [...v.index.keys()].filter((j) => j % (m === 0 ? 3 : 2) === 0),
    );
    const some = model.predictMany(vectors, { explainA: () => 7, explainEntries: wanted });
    vectors.forEach((v, m) => {
      expect([...some[m]!.a]).toEqual([...full[m]!.a]);
      const asked = new Set(wanted[m]);
      const expected = [...full[m]!.contributions!].map((c, j) => (asked.has(j) ? c : 0));
      expect([...some[m]!.contributions!]).toEqual(expected);
    });
    expect(some[0]!.contributions!.some((c) => c !== 0)).toBe(true);
  });

  it('rejects a model whose feature index lies outside the hash range', () => {
    const bad = randomParts(rand, 4, [2 ** HASH_BITS]);
    expect(() => new TwoHeadSoftmax(a, bad, HASH_BITS)).toThrow(/outside the hash range/);
  });
});
