/** What the batched expansion decided for a choice before the fingerprint set is asked. */
export const VERDICT = { none: 0, sibling: 1, probe: 2 } as const;

/**
 * One state's successors as the packed loop's batched path holds them between its passes
 * (cachedSearch.ts expandKnown): per choice its effect's record, its verdict (no transition, a
 * sibling's repeat, or a fingerprint to look up), the successor's message count and fault budget,
 * and the fingerprints to look up, in choice order (`high[k]`, `low[k]` for the k-th lookup, of `probes`). Kept between states, so a state's expansion makes no object.
 */
export class SuccessorBatch {
  effect = new Int32Array(64);
  verdict = new Int32Array(64);
  high = new Uint32Array(64);
  low = new Uint32Array(64);
  messages = new Int32Array(64);
  used = new Float64Array(64);
  probes = 0;
  /** Choices resolved. */
  size = 0;
  /** The state: its row, its codes `d[from..to)`, its partition, its level and index there. */
  rowId = 0;
  d: Int32Array = new Int32Array(0);
  from = 0;
  to = 0;
  partition = -1;
  depth = 0;
  index = 0;

  /** Room for `size` choices. */
  fit(size: number): void {
    if (size <= this.effect.length) return;
    let length = this.effect.length;
    while (length < size) length *= 2;
    this.effect = new Int32Array(length);
    this.verdict = new Int32Array(length);
    this.high = new Uint32Array(length);
    this.low = new Uint32Array(length);
    this.messages = new Int32Array(length);
    this.used = new Float64Array(length);
  }
}
