import { ConfigError, isConnectorError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import { redact } from "../log/redact.js";
import { ExitCode } from "./exit-codes.js";

/** Bad flags or variables: plain text a person can act on, then the pointer to `--help`. */
export const reportUsageError = (
  stderr: NodeJS.WritableStream,
  program: string,
  error: unknown,
  secrets: readonly string[] = [],
): ExitCode => {
  const message = redact(messageOf(error), [...secrets]);
  stderr.write(`Error: ${message}\nRun '${program} --help' for usage.\n`);
  return ExitCode.usage;
};

/**
 * Any other failure goes through the logger (JSON by default, so log collectors see one shape),
 * with the error's code and HTTP status; the logger redacts secrets.
 */
export const reportFailure = (
  logger: Logger,
  stderr: NodeJS.WritableStream,
  program: string,
  what: string,
  error: unknown,
  signal: AbortSignal,
  secrets: readonly string[],
): ExitCode => {
  if (isUsageError(error)) return reportUsageError(stderr, program, error, secrets);
  if (signal.aborted) {
    logger.warn(
      `${what} interrupted`,
      what === "sync"
        ? { hint: "run the same command again: the sync resumes from its last checkpoint" }
        : {},
    );
    return ExitCode.interrupted;
  }
  // One readable line: the message says what to do; the stack is for developers (debug level).
  logger.error(`${what} failed: ${messageOf(error)}`, {
    ...failureFields(error),
    ...(what === "sync" && resumingHelps(error)
      ? { hint: "run the same command again: the sync resumes from its last checkpoint" }
      : {}),
    ...(logger.enabled("debug") ? { error } : {}),
  });
  return ExitCode.failure;
};

/**
 * Whether running the same sync again is likely to get further: after an outage or a rate limit it
 * resumes where it stopped. Rejected credentials, missing permissions, bad input, a bug in the
 * connector or an API that answers nonsense fail the same way again, so they get no such hint.
 */
const resumingHelps = (error: unknown): boolean => {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "unavailable" || code === "rate-limited";
};

/** The structured facts of a failure that a log query may filter on (HttpError carries them all). */
const FAILURE_FIELDS = ["code", "status", "method", "route", "service"] as const;

const failureFields = (error: unknown): Record<string, unknown> => {
  if (typeof error !== "object" || error === null) return {};
  const record = error as Record<string, unknown>;
  return Object.fromEntries(
    FAILURE_FIELDS.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]),
  );
};

export const isUsageError = (error: unknown): boolean =>
  error instanceof ConfigError || (error instanceof Error && error.name === "ConfigError");

const messageOf = (error: unknown): string => {
  if (isConnectorError(error) || error instanceof Error) return error.message;
  return String(error);
};
