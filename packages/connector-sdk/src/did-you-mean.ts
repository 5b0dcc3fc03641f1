/**
 * "Did you mean …?" hints for flags, commands and ids a person typed. Hand-written: a bounded
 * Levenshtein distance is twenty lines, and every caller in the toolkit shares this one.
 */

/** Levenshtein distance, bounded: returns `limit + 1` as soon as every path is beyond `limit`. */
export const editDistance = (a: string, b: string, limit = Number.POSITIVE_INFINITY): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
};

/**
 * The candidate closest to `value` when it is close enough to be a typo: within a third of its length
 * (at least 2 edits). A difference in case only counts as half an edit, and a candidate that `value`
 * (3 characters or more) starts counts as one edit, so `--prov` suggests `--provisioning`.
 */
export const closestMatch = (value: string, candidates: Iterable<string>): string | undefined => {
  const limit = Math.max(2, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === value) return candidate;
    const distance =
      candidate.toLowerCase() === value.toLowerCase()
        ? 0.5
        : value.length >= 3 && candidate.startsWith(value)
          ? 1
          : editDistance(value, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
};
