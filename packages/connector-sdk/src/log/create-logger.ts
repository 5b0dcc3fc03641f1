import type { LogFields, Logger, LogLevel } from "./logger.js";
import { createRedactor, type Redactor } from "./redact.js";

export type LogFormat = "json" | "console";

export interface CreateLoggerOptions {
  /** Lines below this level are dropped (default `info`). */
  readonly level?: LogLevel;
  /** `json`: one JSON object per line (`level`, `ts`, `msg`, fields), like zap. `console`: for people. */
  readonly format?: LogFormat;
  /** Where lines go (default stderr, so that stdout stays free for command output). */
  readonly stream?: NodeJS.WritableStream;
  /** Values removed from every line (tokens, client secrets). */
  readonly secrets?: readonly (string | undefined)[];
  /** Fields added to every line. */
  readonly fields?: LogFields;
  /** Clock for the `ts` field (tests). */
  readonly now?: () => Date;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const isLogLevel = (value: string): value is LogLevel => value in LEVEL_ORDER;

/** Keys the line itself uses; a field of the same name is kept under a prefixed key. */
const RESERVED = new Set(["level", "ts", "msg"]);

interface Sink {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly stream: NodeJS.WritableStream;
  readonly redactor: Redactor;
  readonly now: () => Date;
}

const formatLine = (sink: Sink, level: LogLevel, message: string, fields: LogFields): string => {
  const safeFields = sink.redactor.value(fields) as Record<string, unknown>;
  const msg = sink.redactor.text(message);
  const ts = sink.now().toISOString();
  if (sink.format === "console") {
    const rest = Object.keys(safeFields).length === 0 ? "" : `\t${JSON.stringify(safeFields)}`;
    // The last pass catches a secret that only appears once the pieces are joined.
    return sink.redactor.text(`${ts}\t${level.toUpperCase()}\t${msg}${rest}`);
  }
  const line: Record<string, unknown> = { level, ts, msg };
  for (const [key, value] of Object.entries(safeFields)) {
    line[RESERVED.has(key) ? `field.${key}` : key] = value;
  }
  return sink.redactor.text(JSON.stringify(line));
};

const makeLogger = (sink: Sink, bound: LogFields): Logger => {
  const enabled = (level: LogLevel): boolean => LEVEL_ORDER[level] >= LEVEL_ORDER[sink.level];
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (!enabled(level)) return;
    const merged = fields === undefined ? bound : { ...bound, ...fields };
    sink.stream.write(`${formatLine(sink, level, message, merged)}\n`);
  };
  return {
    level: sink.level,
    enabled,
    debug: (message, fields) => write("debug", message, fields),
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
    child: (fields) => makeLogger(sink, { ...bound, ...fields }),
  };
};

/**
 * A structured logger that redacts every registered secret (and credential-named fields) from every
 * line, nested fields and error messages and stacks included.
 */
export const createLogger = (options: CreateLoggerOptions = {}): Logger =>
  makeLogger(
    {
      level: options.level ?? "info",
      format: options.format ?? "json",
      stream: options.stream ?? process.stderr,
      redactor: createRedactor(options.secrets ?? []),
      now: options.now ?? (() => new Date()),
    },
    options.fields ?? {},
  );
