// @baton-ts/connector-sdk/http: the HTTP client's building blocks, for code that goes beyond
// createHttpClient (its own transport, its own retry loop, tests of rate-limit handling).

// The call scope every connector call runs in (signal, request accounting).
export {
  type CallScope,
  callSignal,
  currentCallScope,
  noteRequest,
  observeRequests,
  runInCallScope,
} from "../contract/call-scope.js";
export { CallMeter, currentCallMeter, withCallMeter } from "./call-meter.js";
export { createHttpClient } from "./client.js";
export { DryRunAnswerNeededError, unknownAnswer } from "./dry-run-answer.js";
export {
  errorCodeForStatus,
  HttpError,
  type HttpErrorInit,
  isHttpError,
  type NetworkFailure,
} from "./http-error.js";
export { isAcceptedBaseUrl, isLoopbackHost, isLoopbackUrl, parseBaseUrl } from "./loopback.js";
export {
  type HeaderBag,
  parseQuotaExhaustedWait,
  parseRateLimitWait,
  parseResetHeader,
  parseRetryAfter,
} from "./rate-limit.js";
export { boundedResponse, DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError } from "./response-size.js";
export {
  DEFAULT_RETRY,
  defaultRetryMode,
  isRetryable,
  type RetriedFailure,
  type RetryEvent,
  type RetryRun,
  withRetry,
} from "./retry.js";
export { TokenBucket } from "./token-bucket.js";
export type * from "./types.js";
export { buildUrl, routeTemplate } from "./url.js";
export {
  currentWriteJournal,
  type ExpectedChange,
  isDryRun,
  type JournalWrite,
  WriteJournal,
  withWriteJournal,
} from "./write-journal.js";
export { formatIssuePath, formatZodIssues } from "./zod-issues.js";
