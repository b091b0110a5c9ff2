/**
 * Delta debugging's ddmin (Zeller and Hildebrandt, TSE 2002), complement side: split the list into
 * n chunks, keep any complement that still fails (the test may return it shorter, cut at the
 * failure, or longer, repaired: only a result shorter than the current list counts), otherwise refine the split until the chunks are single items.
 */
export function ddmin<T>(items: readonly T[], test: (candidate: readonly T[]) => readonly T[] | null): readonly T[] {
  let current = items;
  let n = 2;
  while (current.length >= 2) {
    const size = Math.ceil(current.length / n);
    let reduced = false;
    for (let start = 0; start < current.length; start += size) {
      const complement = [...current.slice(0, start), ...current.slice(start + size)];
      const kept = test(complement);
      if (kept !== null && kept.length < current.length) {
        current = kept;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}
