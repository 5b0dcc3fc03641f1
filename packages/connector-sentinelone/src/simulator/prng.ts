import { mulberry32 } from "@baton-ts/connector-sdk/testing";

/**
 * The simulator's seeded random choices, on the sdk kit's mulberry32 generator, so the same seed builds
 * the same data on every machine. (The two simulators keep their own pick/sample: changing either would
 * reshuffle every seeded tenant their tests rely on.)
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer if the list is shorter), in list order of drawing. */
  sample<T>(items: readonly T[], count: number): T[];
}

export const createRng = (seed: number): Rng => {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("rng.pick: empty list");
    return items[Math.floor(next() * items.length)] as T;
  };
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      const index = Math.floor(next() * pool.length);
      out.push(pool[index] as T);
      pool.splice(index, 1);
    }
    return out;
  };
  return { next, int, chance: (p) => next() < p, pick, sample };
};
