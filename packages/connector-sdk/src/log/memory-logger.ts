import type { LogFields, Logger, LogLevel } from "./logger.js";

export interface LogRecord {
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields: LogFields;
}

export interface MemoryLogger extends Logger {
  /** Every line written through this logger or its children, in order. */
  readonly records: LogRecord[];
}

/**
 * Keeps log lines in memory so tests can assert on them. It does not redact: wrap code under test
 * with it to check that the code itself never hands a secret to its logger.
 */
export const createMemoryLogger = (level: LogLevel = "debug"): MemoryLogger => {
  const records: LogRecord[] = [];
  const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
  const make = (bound: LogFields): Logger => {
    const enabled = (at: LogLevel): boolean => order[at] >= order[level];
    const write = (at: LogLevel, msg: string, fields?: LogFields): void => {
      if (enabled(at)) records.push({ level: at, msg, fields: { ...bound, ...fields } });
    };
    return {
      level,
      enabled,
      debug: (msg, fields) => write("debug", msg, fields),
      info: (msg, fields) => write("info", msg, fields),
      warn: (msg, fields) => write("warn", msg, fields),
      error: (msg, fields) => write("error", msg, fields),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return Object.assign(make({}), { records });
};
