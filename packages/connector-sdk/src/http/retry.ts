// Per-module entry points, not the "effect" barrel: the barrel loads every module of Effect
// (about 27 MB more resident memory at start-up, measured with process.resourceUsage().maxRSS).
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import * as Schedule from "effect/Schedule";
import type { HttpError } from "./http-error.js";
import type { HttpMethod, RetryMode, RetryPolicy } from "./types.js";

export const DEFAULT_RETRY: Required<RetryPolicy> = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * Whether the HTTP layer may send `error`'s request again, for the request's retry mode. A 429, a
 * refused connection and a failed DNS lookup prove the request was not processed; a 5xx, a reset or
 * a timeout may hide a write that happened, so they are retried only for idempotent requests. So is
 * a success status with a body that is not JSON (a transfer cut short by a proxy or a reset): reading
 * again is safe, but a POST may have been applied. Valid JSON of the wrong shape is a verdict, not a
 * fault, and is never retried. A `never` request is sent once: its caller repeats the whole operation
 * (a write computed from an earlier read must be recomputed, not re-sent).
 */
export const isRetryable = (error: HttpError, mode: RetryMode): boolean => {
  if (mode === "never") return false;
  if (error.code === "rate-limited") return true;
  if (error.network === "connection-refused" || error.network === "dns") return true;
  if (error.code === "unavailable" || error.malformedBody) return mode === "idempotent";
  return false;
};

/** The retry mode of a request that does not name one: reads are idempotent, writes are sent once. */
export const defaultRetryMode = (method: HttpMethod): RetryMode =>
  method === "GET" ? "idempotent" : "never";

/** What the schedule reads from a failure: the server-advised wait, when it gave one. */
export interface RetriedFailure {
  readonly retryAfterMs?: number | undefined;
}

export interface RetryEvent<E extends RetriedFailure = HttpError> {
  /** 1 for the first retry. */
  readonly retry: number;
  readonly waitMs: number;
  readonly error: E;
  /** Whether the wait came from the server (Retry-After and kin) rather than backoff. */
  readonly serverAdvised: boolean;
}

export interface RetryRun<E extends RetriedFailure = HttpError> {
  readonly policy?: RetryPolicy | undefined;
  /** Whether a failure is worth another attempt (the HTTP client passes `isRetryable` for its mode). */
  readonly retryWhen: (error: E) => boolean;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: (event: RetryEvent<E>) => void;
  /** Source of randomness for jitter, in [0, 1) (tests). */
  readonly random?: () => number;
}

/**
 * The one retry policy of the HTTP client, as an Effect schedule: exponential backoff with full
 * jitter (a random wait between 0 and base·2ⁿ, capped at maxDelayMs), replaced by the server's own
 * wait when it gave one (also capped), for at most maxAttempts attempts in all.
 */
export const retrySchedule = <E extends RetriedFailure>(run: RetryRun<E>) => {
  const policy = { ...DEFAULT_RETRY, ...run.policy };
  const random = run.random ?? Math.random;
  const retries = Math.max(0, policy.maxAttempts - 1);
  const backoff = Schedule.exponential(Duration.millis(policy.baseDelayMs)).pipe(
    Schedule.modifyDelay((step: Schedule.Metadata<Duration.Duration, E>) => {
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
export const withRetry = async <A, E extends RetriedFailure = HttpError>(
  attempt: (signal: AbortSignal) => Promise<A>,
  run: RetryRun<E>,
): Promise<A> => {
  if (run.signal?.aborted) throw abortReason(run.signal);
  const once = Effect.tryPromise({
    try: (signal) => attempt(signal),
    catch: (error) => error as E,
  });
  const program = Effect.retry(once, {
    schedule: retrySchedule(run),
    while: (error: E) => typeof error === "object" && error !== null && run.retryWhen(error),
  });
  try {
    return await Effect.runPromise(program, { signal: run.signal });
  } catch (error) {
    if (run.signal?.aborted) throw abortReason(run.signal);
    throw error;
  }
};
