import { describe, expect, it } from "vitest";
import {
  parseQuotaExhaustedWait,
  parseRateLimitWait,
  parseResetHeader,
  parseRetryAfter,
} from "./rate-limit.js";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");
const segmentHint = (body: unknown): number | undefined => {
  const ms = (body as { errors?: { data?: { msBeforeNext?: unknown } }[] })?.errors?.[0]?.data?.msBeforeNext;
  return typeof ms === "number" ? ms : undefined;
};

describe("Retry-After", () => {
  it("reads delay-seconds", () => expect(parseRetryAfter("7", NOW)).toBe(7000));
  it("reads an HTTP date", () => expect(parseRetryAfter("Sat, 01 Mar 2025 12:00:30 GMT", NOW)).toBe(30_000));
  it("treats a date in the past as no wait", () =>
    expect(parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", NOW)).toBe(0));
  it("rejects nonsense", () => expect(parseRetryAfter("soon", NOW)).toBeUndefined());
});

describe("X-RateLimit-Reset forms, decided by magnitude and format", () => {
  it("seconds from now", () => expect(parseResetHeader("12", NOW)).toBe(12_000));
  it("epoch seconds", () => expect(parseResetHeader(String(NOW / 1000 + 5), NOW)).toBe(5000));
  it("epoch milliseconds", () => expect(parseResetHeader(String(NOW + 2500), NOW)).toBe(2500));
  it("RFC 5322 date", () => expect(parseResetHeader("Sat, 01 Mar 2025 12:01:00 +0000", NOW)).toBe(60_000));
  it("fractional seconds", () => expect(parseResetHeader("0.25", NOW)).toBe(250));
});

describe("parseRateLimitWait", () => {
  it("prefers Retry-After over the body hint and the reset header", () => {
    const headers = { "Retry-After": "3", "X-RateLimit-Reset": "9" };
    expect(parseRateLimitWait(headers, { errors: [{ data: { msBeforeNext: 500 } }] }, NOW, segmentHint)).toBe(
      3000,
    );
  });
  it("uses the body hint (Segment's msBeforeNext) before the reset header", () => {
    const headers = { "x-ratelimit-reset": "9" };
    expect(
      parseRateLimitWait(headers, { errors: [{ data: { msBeforeNext: 1234 } }] }, NOW, segmentHint),
    ).toBe(1234);
  });
  it("falls back to the reset header", () => {
    expect(parseRateLimitWait({ "x-ratelimit-reset": String(NOW / 1000 + 4) }, undefined, NOW)).toBe(4000);
  });
  it("accepts a Fetch Headers object and array values", () => {
    expect(parseRateLimitWait(new Headers({ "retry-after": "2" }), undefined, NOW)).toBe(2000);
    expect(parseRateLimitWait({ "retry-after": ["5", "6"] }, undefined, NOW)).toBe(5000);
  });
  it("survives a body-hint reader that throws", () => {
    const broken = () => {
      throw new Error("bug in connector");
    };
    expect(parseRateLimitWait({ "x-ratelimit-reset": "1" }, {}, NOW, broken)).toBe(1000);
  });
  it("gives undefined without any hint", () =>
    expect(parseRateLimitWait({}, { errors: [] }, NOW, segmentHint)).toBeUndefined());
});

describe("parseQuotaExhaustedWait", () => {
  it("waits until the reset when no requests remain", () => {
    expect(parseQuotaExhaustedWait({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2" }, NOW)).toBe(
      2000,
    );
  });
  it("does not wait while requests remain", () => {
    expect(
      parseQuotaExhaustedWait({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "2" }, NOW),
    ).toBeUndefined();
  });
});
