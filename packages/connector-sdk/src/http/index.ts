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
