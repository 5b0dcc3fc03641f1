import { mulberry32 } from "@baton-ts/connector-sdk/testing";

/**
 * The simulator's seeded random choices, on the sdk kit's mulberry32 generator, so the same seed builds
 * the same data on every machine. (The two simulators keep their own pick/sample: changing either would
 * reshuffle every seeded tenant their tests rely on.)
 */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer if the list is shorter), in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  chance(probability: number): boolean;
  /** A 27-character base62 id shaped like Segment's KSUIDs. */
  ksuid(): string;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export const createRandom = (seed: number): Random => {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[int(0, items.length - 1)] as T;
  };
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    // Partial Fisher–Yates: only the first n positions are shuffled.
    for (let i = 0; i < n; i++) {
      const j = int(i, copy.length - 1);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  };
  const ksuid = (): string => {
    let id = "";
    for (let i = 0; i < 27; i++) id += BASE62[int(0, 61)];
    return id;
  };
  return { next, int, pick, sample, chance: (p) => next() < p, ksuid };
};
