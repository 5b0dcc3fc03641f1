import got, { type Response } from "got";
import type { z } from "zod";
import { callSignal, noteRequest } from "../contract/call-scope.js";
import { nullLogger } from "../log/null-logger.js";
import { createRedactor, type Redactor } from "../log/redact.js";
import { currentCallMeter } from "./call-meter.js";
import { DryRunAnswerNeededError, unknownAnswer } from "./dry-run-answer.js";
import {
  adviceForCode,
  errorCodeForStatus,
  HttpError,
  type NetworkFailure,
  STATUS_TEXT,
} from "./http-error.js";
import { parseBaseUrl } from "./loopback.js";
import { Pacer } from "./pacer.js";
import { parseQuotaExhaustedWait, parseRateLimitWait } from "./rate-limit.js";
import { boundedResponse, DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError } from "./response-size.js";
import { DEFAULT_RETRY, defaultRetryMode, isRetryable, withRetry } from "./retry.js";
import type { HttpClient, HttpClientOptions, HttpMethod, HttpResponse, RequestOptions } from "./types.js";
import { buildUrl, routeTemplate } from "./url.js";
import { currentWriteJournal, type JournalWrite } from "./write-journal.js";
import { formatZodIssues } from "./zod-issues.js";

const DEFAULT_TIMEOUT_MS = 60_000;
const EXCERPT_LENGTH = 300;

/**
 * An auth header's value and its credential part (`Bearer abc` → `abc`), so that the bare token is
 * redacted too when it shows up without its scheme.
 */
const authHeaderSecrets = (headers: Readonly<Record<string, string>> = {}): string[] =>
  Object.values(headers).flatMap((value) => {
    const parts = value.trim().split(/\s+/);
    return parts.length > 1 ? [value, parts.slice(1).join(" "), ...parts.slice(1)] : [value];
  });

const NETWORK_CODES: Readonly<Record<string, NetworkFailure>> = {
  ETIMEDOUT: "timeout",
  ESOCKETTIMEDOUT: "timeout",
  ECONNRESET: "connection-reset",
  EPIPE: "connection-reset",
  ECONNABORTED: "connection-reset",
  ERR_STREAM_PREMATURE_CLOSE: "connection-reset",
  ECONNREFUSED: "connection-refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
};

/** What went wrong, naming the host where that is the thing to check (a typo in a base URL, a DNS outage). */
const NETWORK_TEXT: Readonly<Record<NetworkFailure, (base: URL) => string>> = {
  timeout: () => "timed out",
  "connection-reset": () => "lost its connection (reset)",
  "connection-refused": (base) => `could not connect to ${base.host} (connection refused)`,
  dns: (base) => `could not resolve the host name ${base.hostname}`,
  network: () => "failed on the network",
};

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

const mebibytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Calls connector code (hooks) without letting a bug in it replace the real error. */
/**
 * The answer a dry run gives a write it did not send: its fields can be read through, but using the
 * status, a header or a value of the body stops the dry run with an error naming the write.
 */
const dryRunResponse = <T>(write: string): HttpResponse<T> => ({
  get status(): number {
    throw new DryRunAnswerNeededError(write, "status");
  },
  data: unknownAnswer(write) as T,
  headers: unknownAnswer(write, "headers") as HttpResponse<T>["headers"],
});

const safely = <T>(fn: (() => T) | undefined): T | undefined => {
  try {
    return fn?.();
  } catch {
    return undefined;
  }
};

/**
 * The HTTP client every connector uses: got underneath (its own retry disabled), one retry policy,
 * per-endpoint pacing, typed errors, zod validation and secret redaction.
 */
export const createHttpClient = (options: HttpClientOptions): HttpClient => {
  const { service } = options;
  const base = parseBaseUrl(options.baseUrl, service);
  const redactor: Redactor = createRedactor([
    ...authHeaderSecrets(options.authHeaders),
    ...(options.secrets ?? []),
  ]);
  const logger = options.logger ?? nullLogger;
  const pacer = new Pacer(options.pacing);
  const calls = new Map<string, number>();
  // Server-advised pauses share the retry ceiling, so a wild reset header cannot stall a sync for hours.
  const maxPauseMs = options.retry?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const http = got.extend({
    // One retry policy (ours), and no redirects: a custom auth header (x-api-key) would follow a
    // redirect to another host, and an API that redirects points at a wrong base URL.
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    responseType: "text",
    timeout: { request: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    headers: {
      accept: "application/json",
      ...(options.userAgent === undefined ? {} : { "user-agent": options.userAgent }),
      ...options.authHeaders,
    },
  });

  /** Only redacted text reaches a message or an excerpt; JSON bodies also lose credential-named fields. */
  const excerpt = (text: string, parsed: unknown): string | undefined => {
    if (text.trim() === "") return undefined;
    const safe = parsed === undefined ? redactor.text(text) : JSON.stringify(redactor.value(parsed));
    const flat = safe.replace(/\s+/g, " ").trim();
    return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
  };

  const statusError = (
    method: HttpMethod,
    route: string,
    response: Response<string>,
    body: unknown,
    json: boolean,
  ) => {
    const { statusCode: status } = response;
    const code = errorCodeForStatus(status);
    const retryAfterMs =
      code === "rate-limited" || code === "unavailable"
        ? parseRateLimitWait(response.headers, body, Date.now(), options.retryAfterFromBody)
        : undefined;
    const sentence = safely(() => options.describeError?.(status, body)) ?? adviceForCode(code, service);
    const statusText = STATUS_TEXT[status] ?? response.statusMessage ?? "";
    const bodyExcerpt = excerpt(response.body, json ? body : undefined);
    const where = `${service} ${method} ${route} → ${status}${statusText === "" ? "" : ` ${statusText}`}`;
    return new HttpError({
      code,
      message: redactor.text(`${sentence} (${where}${bodyExcerpt === undefined ? "" : `: ${bodyExcerpt}`})`),
      service,
      method,
      route,
      status,
      bodyExcerpt,
      retryAfterMs,
    });
  };

  const networkError = (method: HttpMethod, route: string, error: unknown): HttpError => {
    const record = (error ?? {}) as { code?: unknown; name?: unknown };
    const errorCode = typeof record.code === "string" ? record.code : undefined;
    const failure: NetworkFailure =
      (errorCode === undefined ? undefined : NETWORK_CODES[errorCode]) ??
      (record.name === "TimeoutError" ? "timeout" : "network");
    const suffix = errorCode === undefined ? "" : ` (${errorCode})`;
    return new HttpError({
      code: "unavailable",
      message: redactor.text(`${service} ${method} ${route} ${NETWORK_TEXT[failure](base)}${suffix}`),
      service,
      method,
      route,
      network: failure,
    });
  };

  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  /** Not retried (invalid-response): the same page would be as large again. */
  const tooLargeError = (method: HttpMethod, route: string, error: ResponseTooLargeError): HttpError =>
    new HttpError({
      code: "invalid-response",
      message: redactor.text(
        `${service} ${method} ${route} sent a response larger than the ${mebibytes(error.limit)} limit ` +
          `(at least ${mebibytes(error.seen)}); the read was stopped. Ask for smaller pages, or raise maxResponseBytes of the HTTP client`,
      ),
      service,
      method,
      route,
    });

  const request = async <S extends z.ZodType>(req: RequestOptions<S>): Promise<HttpResponse<z.output<S>>> => {
    const method = req.method ?? "GET";
    // The route lands in errors, logs and stats; a secret in a path segment must not.
    const route = redactor.text(req.route ?? routeTemplate(req.path));
    const url = buildUrl(base, req.path, req.query);
    const pacingPath = req.path.split("?")[0] ?? req.path;
    const statsKey = `${method} ${route}`;
    const retryMode = req.retryMode ?? defaultRetryMode(method);
    const headers = {
      ...req.headers,
      ...(req.body === undefined ? {} : { "content-type": "application/json" }),
    };

    // Writes are recorded for the audit log, and in a dry run recorded instead of sent.
    const journal = method === "GET" ? undefined : currentWriteJournal();
    const written: Omit<JournalWrite, "sent"> | undefined =
      journal === undefined
        ? undefined
        : {
            service,
            method,
            path: redactor.text(`${url.pathname}${url.search}`),
            ...(req.body === undefined ? {} : { body: redactor.value(req.body) }),
          };
    if (journal?.dryRun === true && written !== undefined) {
      // The reads a write depends on are made (the precondition re-reads); the write is not, and
      // costs no pacing.
      await req.precondition?.(req.signal ?? new AbortController().signal);
      journal.record({ ...written, sent: false });
      const write = `${service} ${method} ${route}`;
      if (req.answerNeeded === true) throw new DryRunAnswerNeededError(write, "");
      return dryRunResponse<z.output<S>>(write);
    }

    const attempt = async (signal: AbortSignal): Promise<HttpResponse<z.output<S>>> => {
      await pacer.acquire(method, pacingPath, signal);
      await req.precondition?.(signal);
      calls.set(statsKey, (calls.get(statsKey) ?? 0) + 1);
      currentCallMeter()?.countCall(statsKey);
      noteRequest(`${service} ${statsKey}`);
      const started = performance.now();
      let response: Response<string>;
      try {
        response = await boundedResponse(
          (bounded) =>
            http(url, {
              method,
              headers,
              signal: bounded,
              ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
            }),
          signal,
          maxResponseBytes,
        );
      } catch (error) {
        const failure = signal.aborted
          ? error
          : error instanceof ResponseTooLargeError
            ? tooLargeError(method, route, error)
            : networkError(method, route, error);
        if (written !== undefined) {
          journal?.record({
            ...written,
            sent: true,
            failure: redactor.text(String((failure as Error).message)),
          });
        }
        throw failure;
      }
      const status = response.statusCode;
      if (written !== undefined) journal?.record({ ...written, sent: true, status });
      if (options.debug && logger.enabled("debug")) {
        logger.debug(`${service} HTTP ${method} ${route} ${status}`, {
          method,
          path: redactor.text(url.pathname),
          query: redactor.value(Object.fromEntries(url.searchParams)),
          status,
          durationMs: Math.round(performance.now() - started),
        });
      }
      const quotaWait = parseQuotaExhaustedWait(response.headers);
      if (quotaWait !== undefined && quotaWait > 0)
        pacer.pause(method, pacingPath, Math.min(quotaWait, maxPauseMs));

      const parsed = parseJson(response.body);
      const body = parsed.ok ? parsed.value : undefined;
      const accepted = (status >= 200 && status < 300) || (req.acceptStatus?.includes(status) ?? false);
      if (!accepted) {
        const error = statusError(method, route, response, body, parsed.ok);
        if (error.code === "rate-limited" && error.retryAfterMs !== undefined) {
          pacer.pause(method, pacingPath, Math.min(error.retryAfterMs, maxPauseMs));
        }
        throw error;
      }
      if (!parsed.ok) {
        throw new HttpError({
          code: "invalid-response",
          message: redactor.text(
            `${service} ${method} ${route} → ${status} returned a body that is not JSON: ${excerpt(response.body, undefined) ?? ""}`,
          ),
          service,
          method,
          route,
          status,
          bodyExcerpt: excerpt(response.body, undefined),
          malformedBody: true,
        });
      }
      const result = req.schema.safeParse(body);
      if (!result.success) {
        throw new HttpError({
          code: "invalid-response",
          message: redactor.text(
            `${service} ${method} ${route} → ${status} returned an unexpected response: ${formatZodIssues(result.error.issues)}`,
          ),
          service,
          method,
          route,
          status,
        });
      }
      return { status, data: result.data, headers: response.headers };
    };

    return withRetry(attempt, {
      policy: options.retry,
      retryWhen: (error: HttpError) => error instanceof HttpError && isRetryable(error, retryMode),
      signal: callSignal(req.signal),
      onRetry: ({ retry, waitMs, error, serverAdvised }) => {
        if (!(error instanceof HttpError && isRetryable(error, retryMode))) return;
        if (error.code === "rate-limited") currentCallMeter()?.countRateLimitWait(waitMs);
        logger.warn(`retrying ${service} ${method} ${route} in ${waitMs} ms`, {
          method,
          route,
          retry,
          waitMs,
          serverAdvised,
          reason: error.malformedBody
            ? "malformed body"
            : error.status === undefined
              ? error.network
              : `${error.status}`,
          code: error.code,
        });
      },
    });
  };

  return {
    request,
    get: async (path, schema, rest) => (await request({ ...rest, path, schema, method: "GET" })).data,
    stats: () => Object.fromEntries(calls),
    retryPolicy: { ...DEFAULT_RETRY, ...options.retry },
  };
};
