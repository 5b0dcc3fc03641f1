import type { RateLimitDecision } from "./rate-limit-decision.js";

/** A bucket of `burst` requests, refilled at `perSecond`, e.g. SentinelOne's per-endpoint limits. */
export interface TokenBucketLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** Token buckets per key (e.g. token + endpoint group). Hand-written for the injectable clock, as above. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: TokenBucketLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  consume(key = ""): RateLimitDecision {
    const { perSecond, burst } = this.limit;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    const msBeforeNext = allowed ? 0 : Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
    return {
      allowed,
      consumed: Math.ceil(burst - bucket.tokens),
      remaining: Math.floor(bucket.tokens),
      msBeforeNext,
      resetAt: new Date(Date.now() + Math.ceil(((burst - bucket.tokens) / perSecond) * 1000)),
    };
  }
}
