import { type SeededRandom, seededRandom } from "@baton-ts/connector-sdk/testing";

/** The simulator's seeded random choices (the sdk kit's), plus Segment-shaped ids. */
export interface Random extends SeededRandom {
  /** A 27-character base62 id shaped like Segment's KSUIDs. */
  ksuid(): string;
}

export const createRandom = (seed: number): Random => {
  const random = seededRandom(seed);
  return { ...random, ksuid: () => random.string(27) };
};
