import { describe, expect, it } from "vitest";
import { mulberry32 } from "./seeded-random.js";

describe("mulberry32", () => {
  it("is deterministic per seed, and seeds differ", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(mulberry32(43)()).not.toBe(first[0]);
  });

  it("gives floats in [0, 1)", () => {
    const next = mulberry32(7);
    for (let i = 0; i < 1000; i += 1) {
      const value = next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
