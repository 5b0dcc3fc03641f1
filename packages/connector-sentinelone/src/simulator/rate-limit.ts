import {
  type RateLimitDecision,
  type TokenBucketLimit,
  TokenBucketLimiter,
} from "@baton-ts/connector-sdk/testing";

/** A per-token, per-path-group limit: a bucket of `burst` requests refilled at `perSecond`. */
export type RateLimitRule = TokenBucketLimit;

/**
 * The limits of the community table the Go SDK calls official, by path group. Off by default; a test
 * or the demo switches them on to exercise 429 handling.
 */
export const SENTINELONE_RATE_LIMITS: Readonly<Record<string, RateLimitRule>> = {
  "/users": { perSecond: 40, burst: 80 },
  "/user": { perSecond: 2, burst: 5 },
  "/service-users": { perSecond: 5, burst: 10 },
  "/rbac": { perSecond: 50, burst: 100 },
  "/accounts": { perSecond: 100, burst: 10 },
  "/sites": { perSecond: 100, burst: 10 },
};

/** Token buckets per token and path group: a path's group is its first segment (`/users/123` → `/users`). */
export const pathGroupLimiter = (
  rules: Readonly<Record<string, RateLimitRule>>,
): ((token: string, path: string) => RateLimitDecision | undefined) => {
  const limiters = new Map(
    Object.entries(rules).map(([group, rule]) => [group, new TokenBucketLimiter(rule)]),
  );
  return (token, path) => {
    const group = `/${path.split("/")[1] ?? ""}`;
    return limiters.get(group)?.consume(token);
  };
};
