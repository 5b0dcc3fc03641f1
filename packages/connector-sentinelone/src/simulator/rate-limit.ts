/**
 * Per-token, per-path token buckets with the per-path limits of the community table the Go SDK calls
 * official. Off by default; a test or the demo switches them on to exercise 429 handling.
 */
export interface RateLimitRule {
  readonly perSecond: number;
  readonly burst: number;
}

export const SENTINELONE_RATE_LIMITS: Readonly<Record<string, RateLimitRule>> = {
  "/users": { perSecond: 40, burst: 80 },
  "/user": { perSecond: 2, burst: 5 },
  "/service-users": { perSecond: 5, burst: 10 },
  "/rbac": { perSecond: 50, burst: 100 },
  "/accounts": { perSecond: 100, burst: 10 },
  "/sites": { perSecond: 100, burst: 10 },
};

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rules: Readonly<Record<string, RateLimitRule>>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The bucket a path falls in: its first segment (`/users/123` → `/users`). */
  static bucketOf(path: string): string {
    return `/${path.split("/")[1] ?? ""}`;
  }

  /** Takes one request; returns 0 when allowed, else the ms to wait before a retry would pass. */
  take(token: string, path: string): number {
    const bucket = RateLimiter.bucketOf(path);
    const rule = this.rules[bucket];
    if (rule === undefined) return 0;
    const key = `${token}\u0000${bucket}`;
    const now = this.now();
    const state = this.buckets.get(key) ?? { tokens: rule.burst, at: now };
    state.tokens = Math.min(rule.burst, state.tokens + ((now - state.at) / 1000) * rule.perSecond);
    state.at = now;
    this.buckets.set(key, state);
    if (state.tokens >= 1) {
      state.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - state.tokens) / rule.perSecond) * 1000);
  }
}
