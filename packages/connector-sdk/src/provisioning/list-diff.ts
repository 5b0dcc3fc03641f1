/**
 * The differences between two lists compared as multisets (order does not matter, repeats do):
 * `added: <item>` for what `to` has more of, `removed: <item>` for what it has less of.
 */
export const diffByKey = <T>(
  from: readonly T[],
  to: readonly T[],
  key: (item: T) => string,
  describe: (item: T) => string,
): string[] => {
  const counts = new Map<string, { item: T; count: number }>();
  for (const item of from) {
    const entry = counts.get(key(item));
    if (entry === undefined) counts.set(key(item), { item, count: 1 });
    else entry.count += 1;
  }
  for (const item of to) {
    const entry = counts.get(key(item));
    if (entry === undefined) counts.set(key(item), { item, count: -1 });
    else entry.count -= 1;
  }
  const out: string[] = [];
  for (const { item, count } of counts.values()) {
    for (let i = 0; i < Math.abs(count); i++)
      out.push(`${count > 0 ? "removed" : "added"}: ${describe(item)}`);
  }
  return out;
};

/** `what: before → after` when two values differ (for identity fields such as an email address). */
export const diffValue = (what: string, from: unknown, to: unknown): string[] =>
  Object.is(from, to) ? [] : [`${what}: ${String(from)} → ${String(to)}`];
