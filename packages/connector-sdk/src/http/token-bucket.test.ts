import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.js";
import { TokenBucket } from "./token-bucket.js";

const fakeClock = (start = 1_000_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe("TokenBucket", () => {
  it("spaces requests at the rate after the burst is spent", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 3, clock);
    expect([
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
      bucket.reserve(),
    ]).toEqual([0, 0, 0, 100, 200]);
  });

  it("refills while idle, never beyond the burst", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, 2, clock);
    bucket.reserve();
    bucket.reserve();
    clock.advance(10_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 500]);
  });

  it("holds every reservation while blocked, then resumes the rate", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 1, clock);
    bucket.block(1000);
    expect([bucket.reserve(), bucket.reserve()]).toEqual([1000, 1100]);
  });

  it("refuses a nonsensical rule", () => {
    expect(() => new TokenBucket(0)).toThrow(/perSecond must be positive/);
    expect(() => new TokenBucket(1, 0)).toThrow(/burst must be at least 1/);
  });
});

describe("Pacer", () => {
  const rules = [
    {
      name: "iam-writes",
      methods: ["POST", "PATCH", "DELETE"] as const,
      path: /^\/(groups|users)/,
      perSecond: 1,
    },
    { name: "reads", perSecond: 100, burst: 10 },
  ];

  it("puts a request in the first matching rule's lane", () => {
    const pacer = new Pacer(rules);
    expect(pacer.laneFor("POST", "/groups/1/users")).toBe("iam-writes");
    expect(pacer.laneFor("GET", "/groups/1/users")).toBe("reads");
    expect(new Pacer([]).laneFor("GET", "/x")).toBe("default");
  });

  it("shares one bucket between concurrent callers of a lane", async () => {
    const clock = fakeClock();
    const pacer = new Pacer([{ name: "slow", perSecond: 1000, burst: 1 }], clock);
    // Real sleeps of 1 ms each: three concurrent callers are spaced 0, 1, 2 ms apart.
    const waits = await Promise.all([
      pacer.acquire("GET", "/a"),
      pacer.acquire("GET", "/b"),
      pacer.acquire("GET", "/c"),
    ]);
    expect(waits).toEqual([0, 1, 2]);
  });

  it("lets the server pause even the unpaced lane, and aborts a wait", async () => {
    const pacer = new Pacer([]);
    pacer.pause("GET", "/x", 60_000);
    const controller = new AbortController();
    const pending = pacer.acquire("GET", "/y", controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
