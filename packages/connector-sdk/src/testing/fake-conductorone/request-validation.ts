import type {
  BatonServiceFinishTaskRequest,
  BatonServiceGetTaskRequest,
  BatonServiceHeartbeatRequest,
  BatonServiceHelloRequest,
  BatonServiceUploadAssetRequest,
} from "@baton-ts/protocol/service";

// The validate rules of ConductorOne's baton.proto (protoc-gen-validate), checked field by field in declaration
// order, first violation wins, with protoc-gen-validate's Go message text: "invalid <Message>.<GoField>: <reason>".
// That is what the real service answers as InvalidArgument, so a client's error handling sees the same text.
// Hand-written because our .proto leaves the rules out (they do not change the wire) and no validator runs
// protoc-gen-validate rules in JavaScript.

const TASK_ID_PATTERN = /^[a-zA-Z0-9]{27}$/;
const TASK_ID_PATTERN_TEXT = "^[a-zA-Z0-9]{27}$";
const MAX_ANNOTATIONS = 16;
const MAX_UPLOAD_CHUNK = 1_048_576;

type Violation = string | undefined;

export function validateHello(request: BatonServiceHelloRequest): Violation {
  const message = "BatonServiceHelloRequest";
  return (
    hostId(message, request.hostId) ??
    // baton.proto writes `^[a-zA-Z0-9]{27}|$`, which as a Go regexp matches any text; the intent (a task id when
    // answering a hello task, else empty) is what is enforced here, so a client bug shows up in tests.
    (request.taskId === "" || TASK_ID_PATTERN.test(request.taskId)
      ? undefined
      : invalid(message, "TaskId", 'value does not match regex pattern "^[a-zA-Z0-9]{27}|$"')) ??
    embedded(message, "BuildInfo", request.buildInfo, (info) =>
      strings("BatonServiceHelloRequest_BuildInfo", [
        ["LangVersion", info.langVersion],
        ["Package", info.package],
        ["PackageVersion", info.packageVersion],
      ]),
    ) ??
    embedded(message, "OsInfo", request.osInfo, (info) =>
      strings("BatonServiceHelloRequest_OSInfo", [
        ["Hostname", info.hostname],
        ["Os", info.os],
        ["Platform", info.platform],
        ["PlatformVersion", info.platformVersion],
        ["PlatformFamily", info.platformFamily],
        ["KernelVersion", info.kernelVersion],
        ["KernelArch", info.kernelArch],
        ["VirtualizationSystem", info.virtualizationSystem],
      ]),
    ) ??
    (request.connectorMetadata === undefined
      ? invalid(message, "ConnectorMetadata", "value is required")
      : undefined) ??
    annotations(message, request.annotations)
  );
}

export function validateGetTask(request: BatonServiceGetTaskRequest): Violation {
  return hostId("BatonServiceGetTaskRequest", request.hostId);
}

export function validateHeartbeat(request: BatonServiceHeartbeatRequest): Violation {
  const message = "BatonServiceHeartbeatRequest";
  return (
    hostId(message, request.hostId) ??
    taskId(message, request.taskId) ??
    annotations(message, request.annotations)
  );
}

export function validateFinishTask(request: BatonServiceFinishTaskRequest): Violation {
  const message = "BatonServiceFinishTaskRequest";
  const state = request.finalState;
  return (
    hostId(message, request.hostId) ??
    taskId(message, request.taskId) ??
    (state.case === undefined
      ? invalid(message, "FinalState", "value is required")
      : embedded(message, state.case === "error" ? "Error" : "Success", state.value, (value) =>
          annotations(
            `BatonServiceFinishTaskRequest_${state.case === "error" ? "Error" : "Success"}`,
            value.annotations,
          ),
        ))
  );
}

/** One message of the UploadAsset stream, on its own (the order of messages is the handler's business). */
export function validateUploadMessage(request: BatonServiceUploadAssetRequest): Violation {
  const message = "BatonServiceUploadAssetRequest";
  const msg = request.msg;
  switch (msg.case) {
    case "metadata":
      return embedded(message, "Metadata", msg.value, (metadata) => {
        const inner = "BatonServiceUploadAssetRequest_UploadMetadata";
        return (
          hostId(inner, metadata.hostId) ??
          taskId(inner, metadata.taskId) ??
          annotations(inner, metadata.annotations)
        );
      });
    case "data":
      return embedded(message, "Data", msg.value, (data) =>
        data.data.length < 1 || data.data.length > MAX_UPLOAD_CHUNK
          ? invalid(
              "BatonServiceUploadAssetRequest_UploadData",
              "Data",
              `value length must be between 1 and ${MAX_UPLOAD_CHUNK} bytes, inclusive`,
            )
          : undefined,
      );
    case "eof":
      return embedded(message, "Eof", msg.value, (eof) => {
        const inner = "BatonServiceUploadAssetRequest_UploadEOF";
        return eof.sha256Checksum.length !== 32
          ? invalid(inner, "Sha256Checksum", "value length must be 32 bytes")
          : annotations(inner, eof.annotations);
      });
    default:
      return invalid(message, "Msg", "value is required");
  }
}

const invalid = (message: string, field: string, reason: string): string =>
  `invalid ${message}.${field}: ${reason}`;

function embedded<T>(
  message: string,
  field: string,
  value: T | undefined,
  check: (value: T) => Violation,
): Violation {
  if (value === undefined) return invalid(message, field, "value is required");
  const cause = check(value);
  return cause === undefined
    ? undefined
    : invalid(message, field, `embedded message failed validation | caused by: ${cause}`);
}

/** Strings of 1 to 256 runes (code points, as Go counts them). */
function strings(message: string, fields: ReadonlyArray<readonly [string, string]>): Violation {
  for (const [field, value] of fields) {
    const runes = [...value].length;
    if (runes < 1 || runes > 256) {
      return invalid(message, field, "value length must be between 1 and 256 runes, inclusive");
    }
  }
  return undefined;
}

const hostId = (message: string, value: string): Violation => strings(message, [["HostId", value]]);

const taskId = (message: string, value: string): Violation =>
  TASK_ID_PATTERN.test(value)
    ? undefined
    : invalid(
        message,
        "TaskId",
        `value does not match regex pattern ${JSON.stringify(TASK_ID_PATTERN_TEXT)}`,
      );

const annotations = (message: string, list: readonly unknown[]): Violation =>
  list.length > MAX_ANNOTATIONS
    ? invalid(message, "Annotations", `value must contain no more than ${MAX_ANNOTATIONS} item(s)`)
    : undefined;
