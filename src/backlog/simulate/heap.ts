/**
 * Binary min-heap of item indices, ordered by an external Float64Array of keys (ties: lower index first).
 * Keys can be rewritten in bulk and the heap rebuilt in O(n), which is how the simulation re-scores the
 * ATC index once per working day instead of on every pick.
 */
export class IndexHeap {
  private data: Int32Array;
  private n = 0;

  constructor(
    private readonly key: Float64Array,
    initialCapacity = 1024,
  ) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }

  get size(): number {
    return this.n;
  }

  /** The live slice of indices (heap order), valid until the next mutation. */
  items(): Int32Array {
    return this.data.subarray(0, this.n);
  }

  peek(): number {
    return this.n > 0 ? this.data[0]! : -1;
  }

  private less(a: number, b: number): boolean {
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  push(idx: number): void {
    if (this.n === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const d = this.data;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = d[parent]!;
      if (!this.less(idx, p)) break;
      d[i] = p;
      i = parent;
    }
    d[i] = idx;
  }

  pop(): number {
    if (this.n === 0) return -1;
    const d = this.data;
    const top = d[0]!;
    this.n -= 1;
    if (this.n > 0) this.siftDown(0, d[this.n]!);
    return top;
  }

  private siftDown(start: number, idx: number): void {
    const d = this.data;
    const n = this.n;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.less(d[r]!, d[l]!)) c = r;
      if (!this.less(d[c]!, idx)) break;
      d[i] = d[c]!;
      i = c;
    }
    d[i] = idx;
  }

  /** Restore the heap property after keys changed (Floyd's bottom-up construction). */
  rebuild(): void {
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.siftDown(i, this.data[i]!);
  }
}
