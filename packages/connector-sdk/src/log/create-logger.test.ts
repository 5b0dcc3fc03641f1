import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.js";
import { nullLogger } from "./null-logger.js";
import { REDACTED } from "./redact.js";
import { captureStream } from "./test-stream.js";

const TOKEN = "tok_abcdef123456";
const fixedNow = () => new Date("2025-01-02T03:04:05.000Z");

describe("createLogger", () => {
  it("writes one JSON object per line with level, ts, msg and fields", () => {
    const out = captureStream();
    const logger = createLogger({ stream: out.stream, now: fixedNow, fields: { connector: "segment" } });
    logger.info("sync started", { phase: "resources" });
    expect(out.lines().map((line) => JSON.parse(line))).toEqual([
      {
        level: "info",
        ts: "2025-01-02T03:04:05.000Z",
        msg: "sync started",
        connector: "segment",
        phase: "resources",
      },
    ]);
  });

  it("drops lines below its level and says so through enabled()", () => {
    const out = captureStream();
    const logger = createLogger({ stream: out.stream, level: "warn" });
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(out.lines().map((line) => JSON.parse(line).level)).toEqual(["warn", "error"]);
    expect(logger.enabled("info")).toBe(false);
    expect(logger.enabled("error")).toBe(true);
  });

  it("child loggers add their fields to every line; a field cannot overwrite msg", () => {
    const out = captureStream();
    const logger = createLogger({ stream: out.stream, now: fixedNow }).child({ resourceType: "user" });
    logger.child({ page: 2 }).info("page", { msg: "sneaky" });
    expect(JSON.parse(out.lines()[0] ?? "")).toEqual({
      level: "info",
      ts: "2025-01-02T03:04:05.000Z",
      msg: "page",
      resourceType: "user",
      page: 2,
      "field.msg": "sneaky",
    });
  });

  it("writes readable console lines", () => {
    const out = captureStream();
    const logger = createLogger({ stream: out.stream, format: "console", now: fixedNow });
    logger.warn("slow down", { waitMs: 500 });
    logger.info("done");
    expect(out.text()).toBe(
      '2025-01-02T03:04:05.000Z\tWARN\tslow down\t{"waitMs":500}\n2025-01-02T03:04:05.000Z\tINFO\tdone\n',
    );
  });

  it.each(["json", "console"] as const)(
    "%s: no secret reaches a line (message, fields, errors, stacks)",
    (format) => {
      const out = captureStream();
      const logger = createLogger({ stream: out.stream, format, secrets: [TOKEN] }).child({
        auth: `Bearer ${TOKEN}`,
      });
      const error = new Error(`request to /x?token=${TOKEN} failed`);
      logger.error(`call with ${TOKEN} failed`, {
        error,
        nested: { deeper: [{ value: `k=${encodeURIComponent(TOKEN)}` }] },
        apiKey: "unregistered-but-named-like-a-key",
        headers: { Authorization: "Basic dXNlcjpwYXNz" },
      });
      const text = out.text();
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain("unregistered-but-named-like-a-key");
      expect(text).not.toContain("dXNlcjpwYXNz");
      expect(text).toContain(REDACTED);
      expect(text).toContain("failed");
      if (format === "json") {
        const line = JSON.parse(text);
        expect(line.error).toMatchObject({
          name: "Error",
          message: `request to /x?token=${REDACTED} failed`,
        });
        expect(line.error.stack).toContain(REDACTED);
      }
    },
  );

  it("nullLogger writes nothing and reports every level as disabled", () => {
    expect(nullLogger.enabled("error")).toBe(false);
    expect(() => nullLogger.child({ a: 1 }).error("x")).not.toThrow();
  });
});
