import type { Logger } from "./logger.js";

/** A logger that writes nothing (tests, library defaults). */
export const nullLogger: Logger = {
  level: "error",
  enabled: () => false,
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => nullLogger,
};
