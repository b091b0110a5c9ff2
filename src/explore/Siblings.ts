/**
 * The successors one state's expansion has already named, by their parts' hash sums: different
 * choices often reach the same state (delivering a message its receiver ignores is dropping it;
 * duplicating a no-op delivery), and on the SPIN anchor three successors in ten repeat a sibling.
 * Finding them in this short list, which stays in the first-level cache, saves the fingerprint
 * set's probe, the search's one random memory access, for each of them.
 */
export class Siblings {
  private high = new Int32Array(64);
  private low = new Int32Array(64);
  private messages = new Int32Array(64);
  private used = new Float64Array(64);
  private size = 0;

  /** A new expansion. */
  clear(): void {
    this.size = 0;
  }

  /**
   * Whether a sibling had the same hash sums, message count and fault budget (then it is the same
   * state up to the fingerprint's own odds); else it is noted.
   */
  repeats(high: number, low: number, messages: number, used: number): boolean {
    const n = this.size;
    for (let s = 0; s < n; s++) {
      if (this.high[s] === high && this.low[s] === low && this.messages[s] === messages && this.used[s] === used) return true;
    }
    if (n === this.high.length) this.grow();
    this.high[n] = high;
    this.low[n] = low;
    this.messages[n] = messages;
    this.used[n] = used;
    this.size = n + 1;
    return false;
  }

  private grow(): void {
    const length = 2 * this.high.length;
    const copy = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.high = copy(this.high, new Int32Array(length));
    this.low = copy(this.low, new Int32Array(length));
    this.messages = copy(this.messages, new Int32Array(length));
    this.used = copy(this.used, new Float64Array(length));
  }
}
