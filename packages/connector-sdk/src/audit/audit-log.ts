import { appendFileSync } from "node:fs";
import { ConfigError } from "../errors.js";
import { createRedactor, type Redactor } from "../log/redact.js";
import type { AuditRecord } from "./audit-record.js";

/** Where provisioning reports what it did: one JSON line per event. */
export interface AuditLog {
  record(record: AuditRecord): void;
}

/** Records nothing (no `--audit-log`). */
export const nullAuditLog: AuditLog = { record: () => undefined };

export interface AuditLogOptions {
  /** A file to append to, or `-` for standard output. */
  readonly target: string;
  readonly stdout?: NodeJS.WritableStream;
  /** The program's name, on every line. */
  readonly program: string;
  /** Values that must never appear (the program's secret settings). */
  readonly secrets?: readonly string[];
  readonly now?: () => number;
}

/**
 * Opens the audit log: each record becomes one JSON line `{"time", "program", "event", "outcome", …}`,
 * secrets redacted. A file is appended to line by line with a synchronous write (O_APPEND), so a
 * line is whole and on its way to disk before the next step runs, and a process killed later loses
 * none. The file is checked up front: a path that cannot be written is a ConfigError.
 */
export const createAuditLog = (options: AuditLogOptions): AuditLog => {
  const redactor: Redactor = createRedactor(options.secrets ?? []);
  const now = options.now ?? Date.now;
  const write =
    options.target === "-"
      ? (line: string): void => {
          (options.stdout ?? process.stdout).write(line);
        }
      : (line: string): void => appendFileSync(options.target, line);
  if (options.target !== "-") {
    try {
      appendFileSync(options.target, "");
    } catch (error) {
      throw new ConfigError(
        `--audit-log / BATON_AUDIT_LOG ${JSON.stringify(options.target)} cannot be written (${(error as NodeJS.ErrnoException).code ?? "error"}): point it at a file in an existing, writable directory, or at - for standard output`,
      );
    }
  }
  return {
    record: (record) => {
      const line = { time: new Date(now()).toISOString(), program: options.program, ...record };
      write(`${JSON.stringify(redactor.value(line))}\n`);
    },
  };
};
