/**
 * A JSON snapshot of a simulator's state, for debugging and for tests: Maps become objects (or
 * `[key, value]` pairs when a key is not a string), Sets become arrays, classes with `toJSON` give their
 * own view, bigints become strings. The result is a deep copy: changing it never changes the simulator.
 */
export const dumpState = (state: unknown): unknown =>
  JSON.parse(
    JSON.stringify(state, (_key, value: unknown) => {
      if (value instanceof Map) {
        const entries = [...value.entries()];
        return entries.every(([key]) => typeof key === "string") ? Object.fromEntries(entries) : entries;
      }
      if (value instanceof Set) return [...value];
      if (typeof value === "bigint") return value.toString();
      return value;
    }) ?? "null",
  );
