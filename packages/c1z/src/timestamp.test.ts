import { describe, expect, it } from "vitest";
import { formatTimestamp, parseTimestamp } from "./timestamp.js";

describe("formatTimestamp", () => {
  it("writes UTC in Go's layout and drops trailing fractional zeros", () => {
    expect(formatTimestamp(new Date("2024-05-01T12:34:56.120Z"))).toBe("2024-05-01 12:34:56.12");
    expect(formatTimestamp(new Date("2024-05-01T12:34:56.001Z"))).toBe("2024-05-01 12:34:56.001");
    expect(formatTimestamp(new Date("2024-05-01T12:34:56.000Z"))).toBe("2024-05-01 12:34:56");
  });

  it("keeps string order equal to time order", () => {
    const times = ["2024-05-01T12:34:56.000Z", "2024-05-01T12:34:56.050Z", "2024-05-01T12:34:56.100Z"];
    const formatted = times.map((time) => formatTimestamp(new Date(time)));
    expect([...formatted].sort()).toEqual(formatted);
  });
});

describe("parseTimestamp", () => {
  it("reads Go's layout (no zone = UTC), nanoseconds and zones", () => {
    expect(parseTimestamp("2024-05-01 12:34:56.1234")?.toISOString()).toBe("2024-05-01T12:34:56.123Z");
    expect(parseTimestamp("2024-05-01 12:34:56.123456789")?.toISOString()).toBe("2024-05-01T12:34:56.123Z");
    expect(parseTimestamp("2024-05-01 12:34:56")?.toISOString()).toBe("2024-05-01T12:34:56.000Z");
    expect(parseTimestamp("2024-05-01T12:34:56+02:00")?.toISOString()).toBe("2024-05-01T10:34:56.000Z");
    expect(parseTimestamp("yesterday")).toBeUndefined();
  });
});
