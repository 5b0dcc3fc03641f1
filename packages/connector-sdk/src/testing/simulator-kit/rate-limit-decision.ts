/** What a simulator's rate limiter says about one request. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests counted in the current window (fixed window) or taken from a full bucket (token bucket). */
  readonly consumed: number;
  readonly remaining: number;
  /** How long until a request would pass again (0 when allowed with room left). */
  readonly msBeforeNext: number;
  /** When the window or bucket is full again. */
  readonly resetAt: Date;
}
