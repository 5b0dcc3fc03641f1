// Re-exported so that packages using the model need no direct import of @bufbuild/protobuf for
// everyday work, and all of them use the one copy this package depends on.
export type {
  DescEnum,
  DescMessage,
  JsonObject,
  JsonValue,
  Message,
  MessageInitShape,
  MessageShape,
  Registry,
} from "@bufbuild/protobuf";
export { clone, create, equals, fromBinary, fromJson, isMessage, toBinary, toJson } from "@bufbuild/protobuf";
export type { Any, Struct, Timestamp } from "@bufbuild/protobuf/wkt";
export {
  AnySchema,
  anyIs,
  anyPack,
  anyUnpack,
  StructSchema,
  TimestampSchema,
  timestampDate,
  timestampFromDate,
} from "@bufbuild/protobuf/wkt";
