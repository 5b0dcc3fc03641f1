/**
 * mulberry32: a seeded PRNG for simulators, which must build the same tenant for the same seed on every
 * machine and Node version (Math.random cannot promise that). Hand-written: it is eight lines.
 * Returns a function giving uniform floats in [0, 1).
 */
export const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
