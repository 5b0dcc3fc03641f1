import { describe, expect, it } from "vitest";
import { ksuidTime, newKsuid } from "./ksuid.js";

describe("newKsuid", () => {
  it("is 27 base62 characters and encodes the creation second", () => {
    const now = new Date("2024-05-01T12:34:56.789Z");
    const id = newKsuid(now);
    expect(id).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(ksuidTime(id)?.toISOString()).toBe("2024-05-01T12:34:56.000Z");
  });

  it("decodes a KSUID made by segmentio/ksuid", () => {
    // The example from segmentio/ksuid's README, created 2017-10-10T04:00:47Z.
    expect(ksuidTime("0ujtsYcgvSTl8PAuAdqWYSMnLOv")?.toISOString()).toBe("2017-10-10T04:00:47.000Z");
  });

  it("is unique and sorts by time", () => {
    const earlier = newKsuid(new Date("2020-01-01T00:00:00Z"));
    const later = newKsuid(new Date("2030-01-01T00:00:00Z"));
    expect(earlier < later).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newKsuid())).size).toBe(1000);
  });

  it("rejects text that is not a KSUID", () => {
    expect(ksuidTime("short")).toBeUndefined();
    expect(ksuidTime("0ujtsYcgvSTl8PAuAdqWYSMnLO!")).toBeUndefined();
  });
});
