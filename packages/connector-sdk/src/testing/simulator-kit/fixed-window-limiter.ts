import type { RateLimitDecision } from "./rate-limit-decision.js";

/** N requests per fixed window, e.g. Segment's 60 IAM writes per minute. */
export interface FixedWindowLimit {
  readonly points: number;
  readonly windowMs: number;
}

/**
 * A fixed-window counter per key (a token, a route group; one shared window without a key), like
 * rate-limiter-flexible's memory limiter, whose field names some APIs' 429 bodies carry. Hand-written:
 * that library has no clock to inject and brings more than a counter.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; consumed: number }>();

  constructor(
    readonly limit: FixedWindowLimit,
    private readonly now: () => number = Date.now,
  ) {}

  consume(key = ""): RateLimitDecision {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || now - window.start >= this.limit.windowMs) {
      window = { start: now, consumed: 0 };
      this.windows.set(key, window);
    }
    window.consumed++;
    const msBeforeNext = Math.max(0, window.start + this.limit.windowMs - now);
    return {
      allowed: window.consumed <= this.limit.points,
      consumed: window.consumed,
      remaining: Math.max(0, this.limit.points - window.consumed),
      msBeforeNext,
      resetAt: new Date(now + msBeforeNext),
    };
  }
}
