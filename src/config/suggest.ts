/** Why: a typo in a key or a profile name should come back with the likely intended word, not just "unknown". */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const wanted = fold(input);
  if (wanted === '') return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const folded = fold(candidate);
    if (folded === wanted) return candidate;
    const distance = levenshtein(wanted, folded);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(wanted.length / 3))) return best;
  // `watch_dir` for `watch_directory`: a clear prefix is as good as a small edit.
  if (wanted.length >= 4) return candidates.find((c) => fold(c).startsWith(wanted));
  return undefined;
}

/** Case, `-` vs `_` and spaces are the commonest slips; they should not count as edits. */
function fold(word: string): string {
  return word.toLowerCase().replace(/[-\s]/g, '_');
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
