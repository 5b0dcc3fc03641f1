import { ConnectorError } from "../../errors.js";

/**
 * gRPC status codes (google.rpc.Code), by the names used here. FinishTask carries them, and the
 * startup Hello gives up on some of them.
 */
export const GrpcCode = {
  ok: 0,
  cancelled: 1,
  unknown: 2,
  invalidArgument: 3,
  deadlineExceeded: 4,
  notFound: 5,
  alreadyExists: 6,
  permissionDenied: 7,
  resourceExhausted: 8,
  failedPrecondition: 9,
  aborted: 10,
  unimplemented: 12,
  internal: 13,
  unavailable: 14,
  unauthenticated: 16,
} as const;

/**
 * A failure talking to ConductorOne (the token endpoint or BatonService). `permanent` failures are
 * the ones retrying cannot fix (rejected credentials, a refused request); the rest are retried.
 */
export class C1Error extends ConnectorError {
  override readonly name = "C1Error";
  readonly grpcCode: number;
  readonly permanent: boolean;
  constructor(grpcCode: number, message: string, options: { permanent: boolean; cause?: unknown }) {
    super(grpcCode === GrpcCode.unauthenticated ? "unauthenticated" : "unavailable", message, {
      cause: options.cause,
    });
    this.grpcCode = grpcCode;
    this.permanent = options.permanent;
  }
}

/**
 * Codes a retry cannot fix: baton-sdk's startup Hello gives up on them, and any call answered with one
 * is a permanent failure (the rest, network faults and 5xx-like codes included, are retried).
 */
export const PERMANENT_CODES: ReadonlySet<number> = new Set([
  GrpcCode.unauthenticated,
  GrpcCode.permissionDenied,
  GrpcCode.invalidArgument,
  GrpcCode.unimplemented,
  GrpcCode.failedPrecondition,
  GrpcCode.notFound,
]);
