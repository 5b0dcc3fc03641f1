/**
 * A token bucket with reservations: each caller takes a slot synchronously and is told how long to
 * wait, so concurrent callers of one client are spaced fairly without a queue or a timer loop.
 * Hand-written because it is a few lines and must share the HTTP client's clock and abort signal;
 * Effect's RateLimiter would pull a scope and runtime into every request.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class TokenBucket {
  private readonly intervalMs: number;
  private readonly burst: number;
  /** The time at which the bucket would be full again; the state of a GCRA-style bucket. */
  private fullAt: number;
  /** No slot before this time (a server said the quota is spent). */
  private blockedUntil = 0;

  constructor(
    perSecond: number,
    burst = 1,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`perSecond must be positive, got ${perSecond}`);
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.intervalMs = 1000 / perSecond;
    this.burst = Math.floor(burst);
    this.fullAt = clock.now();
  }

  /** Reserves the next slot and returns how long (ms) the caller must wait before using it. */
  reserve(): number {
    const now = this.clock.now();
    const earliestByQuota = Math.max(now, this.blockedUntil);
    // The bucket holds `burst` tokens: a request may start once it is at most burst-1 intervals
    // ahead of "full".
    const start = Math.max(earliestByQuota, this.fullAt - (this.burst - 1) * this.intervalMs);
    this.fullAt = Math.max(this.fullAt, start) + this.intervalMs;
    return Math.max(0, start - now);
  }

  /** Holds every further reservation until `ms` from now. */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }
}
