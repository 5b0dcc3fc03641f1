// gRPC status codes for the fault switches (the same numbers as grpc-js's `status`).
export { Code as GrpcCode } from "@connectrpc/connect";
export {
  type ClientCredentials,
  type ClientCredentialsOptions,
  makeClientCredentials,
} from "./client-credentials.js";
export {
  type FakeConductorOne,
  type FakeConductorOneOptions,
  startFakeConductorOne,
} from "./fake-conductorone.js";
export type { UploadFailurePoint } from "./fault-switches.js";
export type {
  FakeCall,
  FakeCallName,
  FinishRecord,
  HeartbeatRecord,
  HelloRecord,
  UploadAttempt,
  WaitForOptions,
  WaitOptions,
} from "./observations.js";
export type { EnqueueOptions, TaskTypeInit } from "./task-queue.js";
