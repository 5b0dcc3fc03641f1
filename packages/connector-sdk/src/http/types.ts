import type { z } from "zod";
import type { Logger } from "../log/logger.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Query values; arrays repeat the key (`emails=a&emails=b`). Undefined values are left out. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];
export type Query = Readonly<Record<string, QueryValue>>;

/** Requests per second allowed for the requests a rule matches. */
export interface PacingRule {
  /** Human name used in logs and benchmarks, e.g. `iam-writes`. */
  readonly name: string;
  readonly methods?: readonly HttpMethod[];
  /** Matched against the request path (without the base URL's path). */
  readonly path?: RegExp;
  readonly perSecond: number;
  /** Requests allowed at once before pacing starts (default 1). */
  readonly burst?: number;
}

/**
 * When the HTTP layer may send a failed request again (see `isRetryable`):
 * - `idempotent`: sending it twice has the effect of sending it once (a read; adding or removing one
 *   member): retried after a 429, a refused connection, a 5xx, a reset or a timeout.
 * - `unprocessed`: retried only after a failure that proves the server did not process it (429,
 *   refused connection, DNS failure), e.g. a POST that creates something.
 * - `never`: sent once. For a write computed from an earlier read (a whole list PUT back): a later
 *   resend would carry a stale list, so the caller repeats the whole read-modify-write instead
 *   (`applyChange`).
 */
export type RetryMode = "idempotent" | "unprocessed" | "never";

export interface RetryPolicy {
  /** Total attempts including the first (default 6). */
  readonly maxAttempts?: number;
  /** First backoff delay (default 500 ms); doubled each attempt, with full jitter. */
  readonly baseDelayMs?: number;
  /** Ceiling of one wait, server-advised waits included (default 60 s). */
  readonly maxDelayMs?: number;
}

export interface HttpClientOptions {
  /** Vendor name for messages, e.g. `Segment`. */
  readonly service: string;
  /** https only, except loopback addresses (simulators, tests). */
  readonly baseUrl: string;
  /** Headers added to every request, e.g. `{ authorization: "Bearer …" }`. Their values are secrets. */
  readonly authHeaders?: Readonly<Record<string, string>> | undefined;
  /** Further values to redact from every log line and error (tokens, client secrets). */
  readonly secrets?: readonly string[] | undefined;
  readonly userAgent?: string | undefined;
  readonly logger?: Logger | undefined;
  /** Log every request and response status at debug level (bodies never). */
  readonly debug?: boolean | undefined;
  readonly timeoutMs?: number | undefined;
  readonly retry?: RetryPolicy | undefined;
  readonly pacing?: readonly PacingRule[] | undefined;
  /** Reads a vendor-specific wait hint (ms) from an error body, e.g. Segment's `msBeforeNext`. */
  readonly retryAfterFromBody?: ((body: unknown) => number | undefined) | undefined;
  /**
   * Turns a vendor error into the sentence a person reads (e.g. 401 → "check BATON_TOKEN").
   * Returning undefined keeps the generic message.
   */
  readonly describeError?: ((status: number, body: unknown) => string | undefined) | undefined;
  /**
   * The largest response body read, after decompression (default 64 MiB). A larger one is stopped as
   * soon as it passes the limit and fails the call with an invalid-response error saying so.
   */
  readonly maxResponseBytes?: number | undefined;
}

export interface RequestOptions<S extends z.ZodType> {
  readonly method?: HttpMethod;
  readonly path: string;
  /**
   * The path template for stats and messages (`/groups/{id}/users`). When left out, segments that
   * look like ids or emails are collapsed to `{id}`.
   */
  readonly route?: string | undefined;
  readonly query?: Query | undefined;
  /** Extra headers for this call (auth headers come from the client). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Validates the parsed JSON response; the failing field is named in the error. */
  readonly schema: S;
  /** Statuses that are not errors for this call (e.g. 404 on an optional feature). */
  readonly acceptStatus?: readonly number[] | undefined;
  /**
   * When this request may be sent again after a failure. Default: `idempotent` for GET, `never` for
   * every write: a write is repeated by the HTTP layer only when the connector says it is safe.
   */
  readonly retryMode?: RetryMode;
  /**
   * Runs after pacing, right before each attempt is sent: the last check of a write (e.g. re-read
   * the state it was computed from). A rejection fails the request with that error, unretried here.
   */
  readonly precondition?: (signal: AbortSignal) => Promise<void>;
  /**
   * The caller's next step depends on this write's answer (e.g. the id of the object a POST creates).
   * A dry run stops at this request with a clear error instead of guessing the answer. Without it, a
   * dry run answers a write with a stand-in whose values cannot be used (see `unknownAnswer`).
   */
  readonly answerNeeded?: boolean;
  readonly signal?: AbortSignal;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly data: T;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface HttpClient {
  request<S extends z.ZodType>(options: RequestOptions<S>): Promise<HttpResponse<z.output<S>>>;
  get<S extends z.ZodType>(
    path: string,
    schema: S,
    options?: Omit<RequestOptions<S>, "path" | "schema" | "method">,
  ): Promise<z.output<S>>;
  /** Calls made so far, per `METHOD path-template` key, for benchmarks and tests. */
  readonly stats: () => Readonly<Record<string, number>>;
  /** The policy this client retries with; operations retried above HTTP (`applyChange`) reuse it. */
  readonly retryPolicy: Required<RetryPolicy>;
}
