import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { type Any, anyPack } from "@bufbuild/protobuf/wkt";
import { isConnectorErrorLike } from "../../engine/connector-call.js";
import type { ErrorCode } from "../../errors.js";
import { GrpcCode } from "./errors.js";

/** How a task ends, before it is reported with FinishTask. */
export type TaskOutcome =
  | {
      readonly kind: "success";
      readonly annotations?: readonly Any[];
      readonly response?: Any;
      /** For the task's log line, e.g. `granted`, `already-granted`, `synced`. */
      readonly result: string;
    }
  | {
      readonly kind: "error";
      /** A google.rpc.Code. */
      readonly code: number;
      readonly message: string;
      /** ConductorOne must not run the task again (baton-sdk's `non_retryable`). */
      readonly nonRetryable: boolean;
      readonly result: string;
    }
  /** Nothing is reported: a server-sent hello, or a task ConductorOne cancelled before it started. */
  | { readonly kind: "unreported"; readonly result: string };

const CODE_OF: Readonly<Record<ErrorCode, number>> = {
  "invalid-argument": GrpcCode.invalidArgument,
  "failed-precondition": GrpcCode.failedPrecondition,
  unauthenticated: GrpcCode.unauthenticated,
  "permission-denied": GrpcCode.permissionDenied,
  "not-found": GrpcCode.notFound,
  conflict: GrpcCode.aborted,
  unimplemented: GrpcCode.unimplemented,
  "rate-limited": GrpcCode.resourceExhausted,
  unavailable: GrpcCode.unavailable,
  "invalid-response": GrpcCode.internal,
  internal: GrpcCode.internal,
};

/** The gRPC code a failure is reported with: the ConnectorError's own, else Unknown (as baton-sdk). */
export const grpcCodeOf = (error: unknown): number =>
  isConnectorErrorLike(error) ? (CODE_OF[error.code] ?? GrpcCode.unknown) : GrpcCode.unknown;

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A failed task, reported with the failure's code and message. */
export const failedOutcome = (error: unknown, nonRetryable: boolean): TaskOutcome => ({
  kind: "error",
  code: grpcCodeOf(error),
  message: messageOf(error),
  nonRetryable,
  result: "failed",
});

export const packed = <D extends DescMessage>(schema: D, message: MessageShape<D>): Any =>
  anyPack(schema, message);
