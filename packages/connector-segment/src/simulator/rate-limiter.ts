/** N requests per fixed window, the shape of Segment's limits (e.g. 60 IAM writes per minute). */
export interface RateLimit {
  readonly points: number;
  readonly windowMs: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly consumed: number;
  readonly remaining: number;
  readonly msBeforeNext: number;
  readonly resetAt: Date;
}

/**
 * A fixed-window counter like rate-limiter-flexible's memory limiter, whose field names
 * (`remainingPoints`, `msBeforeNext`, `consumedPoints`) the real 429 body carries.
 */
export class FixedWindowLimiter {
  private windowStart = 0;
  private consumed = 0;

  constructor(readonly limit: RateLimit) {}

  consume(now: number): RateDecision {
    if (now - this.windowStart >= this.limit.windowMs) {
      this.windowStart = now;
      this.consumed = 0;
    }
    this.consumed++;
    const msBeforeNext = Math.max(0, this.windowStart + this.limit.windowMs - now);
    return {
      allowed: this.consumed <= this.limit.points,
      consumed: this.consumed,
      remaining: Math.max(0, this.limit.points - this.consumed),
      msBeforeNext,
      resetAt: new Date(now + msBeforeNext),
    };
  }
}
