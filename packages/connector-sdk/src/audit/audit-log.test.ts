import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { captureStream } from "../log/test-stream.js";
import { createAuditLog } from "./audit-log.js";

const SECRET = "sk_live_9f8e7d6c5b4a";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("createAuditLog", () => {
  it("appends one JSON line per record with the time and the program, secrets redacted", () => {
    const path = join(dir, "audit.jsonl");
    const log = createAuditLog({ target: path, program: "baton-x", secrets: [SECRET], now: () => 0 });
    log.record({
      event: "grant",
      outcome: "granted",
      source: "one-shot",
      entitlement: "group:g1:member",
      writes: [
        {
          service: "X",
          method: "POST",
          path: `/users?key=${SECRET}`,
          body: { apiToken: "abc12345" },
          sent: true,
          status: 200,
        },
      ],
    });
    log.record({ event: "lease", outcome: "opened", source: "one-shot" });
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] ?? "");
    expect(first).toMatchObject({
      time: "1970-01-01T00:00:00.000Z",
      program: "baton-x",
      event: "grant",
      outcome: "granted",
      writes: [{ path: "/users?key=[REDACTED]", body: { apiToken: "[REDACTED]" } }],
    });
    expect(readFileSync(path, "utf8")).not.toContain(SECRET);
  });

  it("writes to standard output for -", () => {
    const out = captureStream();
    createAuditLog({ target: "-", stdout: out.stream, program: "baton-x" }).record({
      event: "revoke",
      outcome: "revoked",
      source: "service-task",
    });
    expect(JSON.parse(out.text())).toMatchObject({ event: "revoke", outcome: "revoked" });
  });

  it("refuses, naming the setting, a path it cannot write", () => {
    expect(() => createAuditLog({ target: join(dir, "missing", "audit.jsonl"), program: "x" })).toThrow(
      ConfigError,
    );
    expect(() => createAuditLog({ target: join(dir, "missing", "audit.jsonl"), program: "x" })).toThrow(
      /--audit-log \/ BATON_AUDIT_LOG .* cannot be written \(ENOENT\)/,
    );
  });
});
