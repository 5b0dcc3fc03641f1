// Per-module entry points, not the "effect" barrel: the barrel loads every module of Effect
// (about 27 MB more resident memory at start-up, measured with process.resourceUsage().maxRSS).
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import * as Schedule from "effect/Schedule";
import type { HttpError } from "./http-error.js";
import type { RetryPolicy } from "./types.js";

export const DEFAULT_RETRY: Required<RetryPolicy> = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * Whether retrying `error` is safe. A 429, a refused connection and a failed DNS lookup prove the
 * request was not processed; a 5xx, a reset or a timeout may hide a write that happened, so they
 * are retried only for idempotent requests. So is a success status with a body that is not JSON (a
 * transfer cut short by a proxy or a reset): reading again is safe, but a POST may have been applied.
 * Valid JSON of the wrong shape is a verdict, not a fault, and is never retried.
 */
export const isRetryable = (error: HttpError, idempotent: boolean): boolean => {
  if (error.code === "rate-limited") return true;
  if (error.network === "connection-refused" || error.network === "dns") return true;
  if (error.code === "unavailable" || error.malformedBody) return idempotent;
  return false;
};

export interface RetryEvent {
  /** 1 for the first retry. */
  readonly retry: number;
  readonly waitMs: number;
  readonly error: HttpError;
  /** Whether the wait came from the server (Retry-After and kin) rather than backoff. */
  readonly serverAdvised: boolean;
}

export interface RetryRun {
  readonly policy?: RetryPolicy | undefined;
  readonly idempotent: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: (event: RetryEvent) => void;
  /** Source of randomness for jitter, in [0, 1) (tests). */
  readonly random?: () => number;
}

/**
 * The one retry policy of the HTTP client, as an Effect schedule: exponential backoff with full
 * jitter (a random wait between 0 and base·2ⁿ, capped at maxDelayMs), replaced by the server's own
 * wait when it gave one (also capped), for at most maxAttempts attempts in all.
 */
export const retrySchedule = (run: RetryRun) => {
  const policy = { ...DEFAULT_RETRY, ...run.policy };
  const random = run.random ?? Math.random;
  const retries = Math.max(0, policy.maxAttempts - 1);
  const backoff = Schedule.exponential(Duration.millis(policy.baseDelayMs)).pipe(
    Schedule.modifyDelay((step: Schedule.Metadata<Duration.Duration, HttpError>) => {
      const advised = step.input.retryAfterMs;
      const waitMs =
        advised === undefined
          ? Math.floor(random() * Math.min(policy.maxDelayMs, Duration.toMillis(step.duration)))
          : Math.min(advised, policy.maxDelayMs);
      return Effect.sync(() => {
        // Schedule.max also steps this schedule when recurs has already ended; that step is no retry.
        if (step.attempt <= retries)
          run.onRetry?.({
            retry: step.attempt,
            waitMs,
            error: step.input,
            serverAdvised: advised !== undefined,
          });
        return Duration.millis(waitMs);
      });
    }),
  );
  return Schedule.max([backoff, Schedule.recurs(retries)]);
};

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason instanceof Error ? signal.reason : new DOMException("The request was aborted", "AbortError");

/**
 * Runs `attempt` until it succeeds, fails with an error that is not safe to retry, or the policy
 * gives up (then the last error is thrown). Aborting `signal` stops a running attempt or a wait at
 * once and rejects with the signal's reason.
 */
export const withRetry = async <A>(
  attempt: (signal: AbortSignal) => Promise<A>,
  run: RetryRun,
): Promise<A> => {
  if (run.signal?.aborted) throw abortReason(run.signal);
  const once = Effect.tryPromise({
    try: (signal) => attempt(signal),
    catch: (error) => error as HttpError,
  });
  const program = Effect.retry(once, {
    schedule: retrySchedule(run),
    while: (error: HttpError) =>
      typeof error === "object" && error !== null && "code" in error && isRetryable(error, run.idempotent),
  });
  try {
    return await Effect.runPromise(program, { signal: run.signal });
  } catch (error) {
    if (run.signal?.aborted) throw abortReason(run.signal);
    throw error;
  }
};
