import type { Logger } from "../../log/logger.js";

/**
 * Routes Node's process warnings into the JSON log instead of Node's plain-text lines on stderr, which
 * would break a log collector's one-object-per-line parsing. grpc-js sets the TLS server name even when
 * BATON_C1_API_HOST is an IP address, which Node deprecates (DEP0123) but which is harmless here: that
 * one goes to debug. Returns a function that restores Node's own printer.
 */
export const routeProcessWarnings = (logger: Logger): (() => void) => {
  const previous = process.listeners("warning");
  process.removeAllListeners("warning");
  const onWarning = (warning: Error & { code?: string }): void => {
    const fields = { warning: warning.name, ...(warning.code === undefined ? {} : { code: warning.code }) };
    if (warning.code === "DEP0123") logger.debug(warning.message, fields);
    else logger.warn(warning.message, fields);
  };
  process.on("warning", onWarning);
  return () => {
    process.off("warning", onWarning);
    for (const listener of previous) process.on("warning", listener);
  };
};
