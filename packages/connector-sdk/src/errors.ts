/**
 * Typed failures shared by the HTTP layer, connectors and the engine.
 *
 * Codes follow the gRPC status names Baton uses on the wire, so the runner can map a failure to a
 * task status without guessing. Messages say what to do; they never carry a secret.
 */
export type ErrorCode =
  | "invalid-argument"
  | "failed-precondition"
  | "unauthenticated"
  | "permission-denied"
  | "not-found"
  | "conflict"
  /** The connector does not implement the operation (e.g. a grant on a type without grant()). */
  | "unimplemented"
  | "rate-limited"
  | "unavailable"
  | "invalid-response"
  | "internal";

export interface ConnectorErrorOptions {
  cause?: unknown;
  /** Extra structured facts for logs (never secrets). */
  details?: Record<string, unknown>;
}

export class ConnectorError extends Error {
  override readonly name: string = "ConnectorError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** Bad configuration or bad input from a person: the runner exits with the "bad config" code. */
export class ConfigError extends ConnectorError {
  override readonly name = "ConfigError";
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("invalid-argument", message, options);
  }
}

/** The connector definition itself is inconsistent (a bug in the connector, not in the input). */
export class ContractError extends ConnectorError {
  override readonly name = "ContractError";
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("internal", message, options);
  }
}

export const isConnectorError = (value: unknown): value is ConnectorError => value instanceof ConnectorError;
