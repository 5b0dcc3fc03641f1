import { ConfigError, isConnectorError, type Logger, redact } from "@baton-ts/connector-sdk";
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
 * with the error's code and status; the logger redacts secrets.
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
    logger.warn(`${what} interrupted`, {
      hint: "run the same command again: a sync resumes from its last checkpoint",
    });
    return ExitCode.interrupted;
  }
  logger.error(`${what} failed: ${messageOf(error)}`, { error });
  return ExitCode.failure;
};

export const isUsageError = (error: unknown): boolean =>
  error instanceof ConfigError || (error instanceof Error && error.name === "ConfigError");

const messageOf = (error: unknown): string => {
  if (isConnectorError(error) || error instanceof Error) return error.message;
  return String(error);
};
