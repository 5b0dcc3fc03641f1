import { ConnectorError, type ErrorCode } from "../errors.js";
import type { HttpMethod } from "./types.js";

/** Why a request failed without an HTTP status. */
export type NetworkFailure = "timeout" | "connection-reset" | "connection-refused" | "dns" | "network";

export interface HttpErrorInit {
  readonly code: ErrorCode;
  readonly message: string;
  readonly service: string;
  readonly method: HttpMethod;
  /** The path template (`/groups/{id}`), never the concrete URL: ids and query values stay out. */
  readonly route: string;
  readonly status?: number | undefined;
  /** The first few hundred characters of the response body, secrets redacted. */
  readonly bodyExcerpt?: string | undefined;
  readonly network?: NetworkFailure | undefined;
  /** The server-advised wait before another attempt, when the response carried one. */
  readonly retryAfterMs?: number | undefined;
  /** A success status whose body is not JSON: a cut-off or garbled transfer, not a server verdict. */
  readonly malformedBody?: boolean | undefined;
}

/**
 * A failed HTTP call. Every field is safe to log: the message, route and excerpt are built from
 * redacted text, and the underlying library error (which carries request headers) is not kept.
 */
export class HttpError extends ConnectorError {
  override readonly name = "HttpError";
  readonly service: string;
  readonly method: HttpMethod;
  readonly route: string;
  readonly status: number | undefined;
  readonly bodyExcerpt: string | undefined;
  readonly network: NetworkFailure | undefined;
  readonly retryAfterMs: number | undefined;
  readonly malformedBody: boolean;

  constructor(init: HttpErrorInit) {
    super(init.code, init.message);
    this.service = init.service;
    this.method = init.method;
    this.route = init.route;
    this.status = init.status;
    this.bodyExcerpt = init.bodyExcerpt;
    this.network = init.network;
    this.retryAfterMs = init.retryAfterMs;
    this.malformedBody = init.malformedBody === true;
  }
}

export const isHttpError = (value: unknown): value is HttpError => value instanceof HttpError;

/** The error code for an HTTP status that is not a success. */
export const errorCodeForStatus = (status: number): ErrorCode => {
  if (status >= 300 && status < 400) return "invalid-response";
  if (status === 400 || status === 422) return "invalid-argument";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "permission-denied";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate-limited";
  if (status >= 500 || status === 408) return "unavailable";
  return "invalid-argument";
};

/** Short phrases for the statuses people meet, used in generic messages. */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The generic advice for a code, when the connector's describeError has none. */
export const adviceForCode = (code: ErrorCode, service: string): string => {
  switch (code) {
    case "unauthenticated":
      return `the ${service} credentials were rejected: check the token or key in the configuration`;
    case "permission-denied":
      return `the ${service} credentials lack a permission this call needs`;
    case "not-found":
      return "the object does not exist (or is not visible to these credentials)";
    case "conflict":
      return "the change conflicts with the current state";
    case "rate-limited":
      return `${service} rate limit reached; retries were exhausted`;
    case "unavailable":
      return `${service} is unavailable; retries were exhausted`;
    case "invalid-argument":
      return `${service} rejected the request`;
    case "invalid-response":
      return `${service} answered with a redirect, which is not followed (credentials must not travel to another host): check the base URL`;
    default:
      return `${service} call failed`;
  }
};
