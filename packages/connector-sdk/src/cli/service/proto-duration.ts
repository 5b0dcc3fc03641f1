import type { Duration } from "@bufbuild/protobuf/wkt";

/** A google.protobuf.Duration in milliseconds (absent: 0). */
export const durationMillis = (duration: Duration | undefined): number =>
  duration === undefined ? 0 : Number(duration.seconds) * 1000 + Math.floor(duration.nanos / 1e6);
