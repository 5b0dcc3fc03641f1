import { describe, expect, it } from "vitest";
import { FixedWindowLimiter } from "./fixed-window-limiter.js";
import { TokenBucketLimiter } from "./token-bucket-limiter.js";

describe("FixedWindowLimiter", () => {
  it("allows `points` per window and key, then says when the window ends", () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter({ points: 2, windowMs: 60_000 }, () => now);
    expect(limiter.consume()).toMatchObject({ allowed: true, consumed: 1, remaining: 1 });
    now += 10_000;
    expect(limiter.consume()).toMatchObject({ allowed: true, consumed: 2, remaining: 0 });
    const denied = limiter.consume();
    expect(denied).toMatchObject({ allowed: false, consumed: 3, remaining: 0, msBeforeNext: 50_000 });
    expect(denied.resetAt.getTime()).toBe(1_060_000);
    expect(limiter.consume("other key").allowed).toBe(true);
    now += 50_000;
    expect(limiter.consume()).toMatchObject({ allowed: true, consumed: 1 });
  });
});

describe("TokenBucketLimiter", () => {
  it("allows a burst, then refills at perSecond", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ perSecond: 2, burst: 2 }, () => now);
    expect(limiter.consume("t").allowed).toBe(true);
    expect(limiter.consume("t").allowed).toBe(true);
    const denied = limiter.consume("t");
    expect(denied).toMatchObject({ allowed: false, remaining: 0, msBeforeNext: 500 });
    expect(limiter.consume("another token").allowed).toBe(true);
    now += 500;
    expect(limiter.consume("t")).toMatchObject({ allowed: true, msBeforeNext: 0 });
    expect(limiter.consume("t").allowed).toBe(false);
  });
});
