import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

describe("parseDuration (Go's time.ParseDuration syntax, plus days)", () => {
  it.each([
    ["2h", 7_200_000],
    ["90m", 5_400_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["500ms", 500],
    ["45s", 45_000],
    ["7d", 604_800_000],
    ["1d2h3m4s", 93_784_000],
    [" 2h ", 7_200_000],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "2", "h", "2 hours", "-1h", "1h-", "2x", "0s", "1us", "1000000d", "1h 30m"])(
    "refuses %j",
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe("formatDuration", () => {
  it("prints whole units, largest first", () => {
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(93_784_000)).toBe("1d2h3m4s");
    expect(formatDuration(250)).toBe("250ms");
  });
});
