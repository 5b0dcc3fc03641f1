import type { PacingRule } from "@baton-ts/connector-sdk";

/**
 * SentinelOne's documented per-path rate limits (per token). Paths are relative to `/web/api/v2.1`.
 * `/user` (who am I) is listed separately so that it does not match the `/users` rule.
 */
export const SENTINELONE_PACING: readonly PacingRule[] = [
  { name: "users", path: /^\/users(\/|$)/, perSecond: 40, burst: 80 },
  { name: "user", path: /^\/user(\/|$)/, perSecond: 2, burst: 5 },
  { name: "service-users", path: /^\/service-users(\/|$)/, perSecond: 5, burst: 10 },
  { name: "rbac", path: /^\/rbac(\/|$)/, perSecond: 50, burst: 100 },
  { name: "accounts", path: /^\/accounts(\/|$)/, perSecond: 100, burst: 10 },
  { name: "sites", path: /^\/sites(\/|$)/, perSecond: 100, burst: 10 },
];
