import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { BatonServiceHeartbeatResponseSchema } from "@baton-ts/protocol/service";
import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { baseConfigSchema } from "../../config/base-config.js";
import { ConfigError } from "../../errors.js";
import { parseClientId } from "./client-credentials.js";
import { resolveEndpoints } from "./endpoints.js";
import { heartbeatIntervalMs } from "./heartbeat.js";
import { resolveHostId } from "./host-info.js";
import { nextPollMs, pollBackoffMs } from "./poll-loop.js";
import { proxySettings } from "./proxy.js";
import { resolveTempDir } from "./run-service.js";
import { fileChunks, sha256OfFile } from "./upload.js";

const ms = (millis: number) =>
  create(DurationSchema, { seconds: BigInt(Math.floor(millis / 1000)), nanos: (millis % 1000) * 1e6 });

describe("service mode's rules, as baton-sdk has them", () => {
  const id = parseClientId("c@acme.conductor.one/pcc");

  it("sends the token request and gRPC to the client id's host, or to BATON_C1_API_HOST verbatim", () => {
    expect(resolveEndpoints(id, undefined)).toEqual({
      tokenUrl: "https://acme.conductor.one/auth/v1/token",
      grpcTarget: "acme.conductor.one:443",
      audience: "acme.conductor.one",
    });
    expect(resolveEndpoints(id, "127.0.0.1:8443")).toEqual({
      tokenUrl: "https://127.0.0.1:8443/auth/v1/token",
      grpcTarget: "127.0.0.1:8443",
      audience: "acme.conductor.one",
    });
    // The audience never carries a port, even when the client id's host does.
    expect(resolveEndpoints(parseClientId("c@acme.example:8443/x"), "").audience).toBe("acme.example");
    expect(() => resolveEndpoints(id, "https://acme.conductor.one")).toThrow(/BATON_C1_API_HOST/);
  });

  it("takes BATON_HOST_ID, else the hostname", () => {
    expect(resolveHostId({ BATON_HOST_ID: "pod-7" })).toBe("pod-7");
    expect(resolveHostId({})).toBe(hostname() || "baton-sdk");
  });

  it("clamps next_poll to [0, 5 min] and backs off n² s (at most 60 s) after failed polls", () => {
    expect(nextPollMs(undefined)).toBe(0);
    expect(nextPollMs(ms(1500))).toBe(1500);
    expect(nextPollMs(ms(3_600_000))).toBe(300_000);
    expect([1, 2, 3, 7, 8, 100].map(pollBackoffMs)).toEqual([1000, 4000, 9000, 49000, 60000, 60000]);
  });

  it("heartbeats at next_heartbeat, 0 meaning 30 s, clamped to [1 s, 5 min]", () => {
    const answer = (millis: number) =>
      create(BatonServiceHeartbeatResponseSchema, { nextHeartbeat: ms(millis) });
    expect(heartbeatIntervalMs(undefined)).toBe(30_000);
    expect(heartbeatIntervalMs(answer(0))).toBe(30_000);
    expect(heartbeatIntervalMs(answer(200))).toBe(1_000);
    expect(heartbeatIntervalMs(answer(10_000))).toBe(10_000);
    expect(heartbeatIntervalMs(answer(3_600_000))).toBe(300_000);
  });

  it("reads the proxy as Go does: upper case first", () => {
    expect(
      proxySettings({ HTTPS_PROXY: "http://a:3128", https_proxy: "http://b:3128", no_proxy: "x" }),
    ).toEqual({
      httpsProxy: "http://a:3128",
      noProxy: "x",
    });
    expect(proxySettings({})).toEqual({});
  });

  it("needs an existing temp dir: --c1z-temp-dir, else BATON_TMPDIR, else the system's", () => {
    const base = baseConfigSchema.parse({});
    const dir = mkdtempSync(join(tmpdir(), "svc-"));
    try {
      expect(resolveTempDir({ ...base, c1zTempDir: dir }, { BATON_TMPDIR: "/nope" })).toBe(dir);
      expect(resolveTempDir(base, { BATON_TMPDIR: dir })).toBe(dir);
      expect(resolveTempDir(base, {})).toBe(tmpdir());
      expect(() => resolveTempDir(base, { BATON_TMPDIR: join(dir, "missing") })).toThrow(ConfigError);
      expect(() => resolveTempDir(base, { BATON_TMPDIR: join(dir, "missing") })).toThrow(
        /^BATON_TMPDIR ".*missing" is not an existing directory/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uploads in chunks of exactly 512 KiB (the last shorter), hashed with SHA-256", async () => {
    const dir = mkdtempSync(join(tmpdir(), "svc-"));
    try {
      const file = join(dir, "x.c1z");
      const bytes = Buffer.alloc(512 * 1024 * 2 + 1000, 7);
      writeFileSync(file, bytes);
      const sizes: number[] = [];
      const parts: Buffer[] = [];
      for await (const chunk of fileChunks(file)) {
        sizes.push(chunk.length);
        parts.push(Buffer.from(chunk));
      }
      expect(sizes).toEqual([524288, 524288, 1000]);
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
      const { createHash } = await import("node:crypto");
      expect(Buffer.from(await sha256OfFile(file)).toString("hex")).toBe(
        createHash("sha256").update(bytes).digest("hex"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
