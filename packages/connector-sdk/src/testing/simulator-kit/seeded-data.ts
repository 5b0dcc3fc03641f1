import { mulberry32 } from "../seeded-random.js";
import { PERSON_FIRST_NAMES, PERSON_LAST_NAMES } from "./person-names.js";

/** A simulator's seeded choices: the same seed gives the same tenant on every machine and Node version. */
export interface SeededRandom {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer if the list is shorter), in random order (a partial Fisher–Yates). */
  sample<T>(items: readonly T[], count: number): T[];
  /** `length` characters drawn from `alphabet` (default base62), e.g. ids shaped like the vendor's. */
  string(length: number, alphabet?: string): string;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Seeded choices on the kit's mulberry32 generator. */
export const seededRandom = (seed: number): SeededRandom => {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    sample: <T>(items: readonly T[], count: number): T[] => {
      const copy = [...items];
      const n = Math.min(count, copy.length);
      for (let i = 0; i < n; i++) {
        const j = int(i, copy.length - 1);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy.slice(0, n);
    },
    string: (length, alphabet = BASE62) => {
      let text = "";
      for (let i = 0; i < length; i++) text += alphabet[int(0, alphabet.length - 1)];
      return text;
    },
  };
};

/** Lower-case words joined by `-`: `Acme Analytics (EU)` → `acme-analytics-eu`. */
export const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * A source of people with unique emails at `domain`: `first.last@domain`, then `first.last2@…` when
 * the name repeats. Each call draws one person.
 */
export const seededPeople = (
  random: SeededRandom,
  domain: string,
): (() => { readonly name: string; readonly email: string }) => {
  const used = new Set<string>();
  return () => {
    const first = random.pick(PERSON_FIRST_NAMES);
    const last = random.pick(PERSON_LAST_NAMES);
    const base = `${first}.${last}`.toLowerCase();
    let email = `${base}@${domain}`;
    for (let n = 2; used.has(email); n++) email = `${base}${n}@${domain}`;
    used.add(email);
    return { name: `${first} ${last}`, email };
  };
};
