import { type SeededRandom, seededRandom } from "@baton-ts/connector-sdk/testing";

/** The simulator's seeded random choices: the sdk kit's, with this simulator's own `sample`. */
export type Rng = Omit<SeededRandom, "string">;

export const createRng = (seed: number): Rng => {
  const random = seededRandom(seed);
  return {
    ...random,
    // Draws without replacement in draw order: not the kit's Fisher–Yates, whose different sequence
    // would reshuffle every seeded tenant (and the figures measured on them).
    sample: <T>(items: readonly T[], count: number): T[] => {
      const pool = [...items];
      const out: T[] = [];
      while (out.length < count && pool.length > 0)
        out.push(pool.splice(Math.floor(random.next() * pool.length), 1)[0] as T);
      return out;
    },
  };
};
