/**
 * Every permutation of 0..n-1, identity first, in lexicographic order. perm[i] is the new index of
 * old index i.
 */
export function permutations(n: number): Int8Array[] {
  const out: Int8Array[] = [];
  const current = new Int8Array(n);
  const used = new Array<boolean>(n).fill(false);
  const visit = (position: number): void => {
    if (position === n) {
      out.push(current.slice());
      return;
    }
    for (let v = 0; v < n; v++) {
      if (used[v]) continue;
      used[v] = true;
      current[position] = v;
      visit(position + 1);
      used[v] = false;
    }
  };
  visit(0);
  return out;
}
