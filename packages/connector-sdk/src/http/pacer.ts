import { setTimeout as sleep } from "node:timers/promises";
import { type Clock, systemClock, TokenBucket } from "./token-bucket.js";
import type { HttpMethod, PacingRule } from "./types.js";

interface Lane {
  readonly name: string;
  readonly rule: PacingRule | undefined;
  readonly bucket: TokenBucket;
}

/** The name of the lane for requests no rule matches; it only waits when a server says so. */
export const DEFAULT_LANE = "default";

/**
 * Per-endpoint pacing: each PacingRule is a token bucket shared by every caller of one client.
 * Requests no rule matches share an unpaced lane that a server can still pause
 * (`X-RateLimit-Remaining: 0`, a 429).
 */
export class Pacer {
  private readonly lanes: Lane[];
  private readonly fallback: Lane;

  constructor(rules: readonly PacingRule[] = [], clock: Clock = systemClock) {
    this.lanes = rules.map((rule) => ({
      name: rule.name,
      rule,
      bucket: new TokenBucket(rule.perSecond, rule.burst ?? 1, clock),
    }));
    this.fallback = {
      name: DEFAULT_LANE,
      rule: undefined,
      bucket: new TokenBucket(Number.POSITIVE_INFINITY, 1, clock),
    };
  }

  /** The lane a request belongs to: the first rule whose methods and path match. */
  laneFor(method: HttpMethod, path: string): string {
    return this.find(method, path).name;
  }

  /** Waits until the request may start; rejects when `signal` aborts first. */
  async acquire(method: HttpMethod, path: string, signal?: AbortSignal): Promise<number> {
    const wait = this.find(method, path).bucket.reserve();
    if (wait > 0) await sleep(wait, undefined, { signal });
    return wait;
  }

  /** Holds the request's lane for `ms` (the server said the quota is spent). */
  pause(method: HttpMethod, path: string, ms: number): void {
    this.find(method, path).bucket.block(ms);
  }

  private find(method: HttpMethod, path: string): Lane {
    return (
      this.lanes.find(
        ({ rule }) =>
          rule !== undefined &&
          (rule.methods === undefined || rule.methods.includes(method)) &&
          (rule.path === undefined || matches(rule.path, path)),
      ) ?? this.fallback
    );
  }
}

/** A global or sticky RegExp keeps state between calls; reset it so matching stays pure. */
const matches = (pattern: RegExp, path: string): boolean => {
  pattern.lastIndex = 0;
  return pattern.test(path);
};
