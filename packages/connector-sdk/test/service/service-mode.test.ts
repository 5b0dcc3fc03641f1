import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { anyIs, GrantAlreadyExistsSchema, GrantAlreadyRevokedSchema } from "@baton-ts/protocol";
import { Code } from "@connectrpc/connect";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeConductorOne,
  type RunningProgram,
  startFakeConductorOne,
  startProgram,
} from "../../src/testing/index.js";
import { membership, SAMPLE_BIN, user } from "../support/sample-task-parts.js";

// The sample connector's program, spawned as the seed guides' Secret runs a connector: environment
// variables only, against the testing kit's fake ConductorOne.
const BIN = SAMPLE_BIN;

type Running = RunningProgram;

const start = (env: Record<string, string>): Running => startProgram(BIN, [], env);

let c1: FakeConductorOne;
let tmp: string;
const running: Running[] = [];

beforeAll(async () => {
  c1 = await startFakeConductorOne({ nextPollMs: 20 });
  tmp = await mkdtemp(join(tmpdir(), "service-mode-"));
});
afterEach(async () => {
  for (const one of running.splice(0)) {
    one.child.kill("SIGKILL");
    await one.exited;
  }
  c1.resetFaults();
});
afterAll(async () => {
  await c1.close();
  await rm(tmp, { recursive: true, force: true });
});

const service = async (extra: Record<string, string> = {}): Promise<Running> => {
  const taskDir = await mkdtemp(join(tmp, "tasks-"));
  const one = start({ ...c1.env(), BATON_HOST_ID: "sample-pod-1", BATON_TMPDIR: taskDir, ...extra });
  running.push(one);
  return one;
};

const secretsIn = (text: string): string[] => {
  const tokens = c1.calls.length; // the token values never leave the fake; the assertion prefix is fixed
  void tokens;
  return [c1.clientSecret, c1.clientSecret.split(":").at(-1) ?? "", "eyJhbGciOiJFZERTQSI"].filter((secret) =>
    text.includes(secret),
  );
};

describe("service mode (the sample connector's program against a fake ConductorOne)", {
  timeout: 300_000,
}, () => {
  it("says Hello, syncs, grants, revokes, refuses what it must, and shuts down cleanly on SIGTERM", async () => {
    const taskDir = await mkdtemp(join(tmp, "tasks-"));
    const one = start({
      ...c1.env(),
      BATON_HOST_ID: "sample-pod-1",
      BATON_TMPDIR: taskDir,
      BATON_PROVISIONING: "true",
    });
    running.push(one);

    // Hello: who we are, on which machine, and what the connector can do.
    await c1.waitFor((call) => call.name === "Hello" && call.ok);
    const hello = c1.hellos.at(-1);
    expect(hello?.hostId).toBe("sample-pod-1");
    expect(hello?.taskId).toBe("");
    expect(hello?.buildInfo.package).toBe("baton-sample");
    expect(hello?.buildInfo.langVersion).toMatch(/^node v24\./);
    expect(hello?.osInfo.os).toBe(process.platform);
    expect(hello?.connectorMetadata.displayName).not.toBe("");
    const capabilities = hello?.connectorMetadata.capabilities?.resourceTypeCapabilities ?? [];
    expect(capabilities.map((c) => c.resourceType?.id).sort()).toEqual(["app", "group", "role", "user"]);
    expect(hello?.userAgent).toMatch(/^baton-test baton-sample\/\S+ baton-ts\/\S+ grpc-node-js\//);

    // A sync task: the uploaded c1z holds exactly one finished sync of the sample directory.
    const syncId = c1.enqueueSync();
    const synced = await c1.finished(syncId);
    expect(synced.success).toBeDefined();
    expect(synced.status).toBeUndefined();
    const uploads = c1.uploads(syncId);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.checksumMatched).toBe(true);
    expect(uploads[0]?.chunkSizes.slice(0, -1).every((size) => size === 512 * 1024)).toBe(true);
    const file = join(tmp, "uploaded.c1z");
    await writeFile(file, uploads[0]?.bytes ?? new Uint8Array());
    const c1z = await C1zFile.open(file, { readOnly: true });
    try {
      expect(c1z.listSyncs().filter((sync) => sync.endedAt !== undefined)).toHaveLength(1);
      const stats = c1z.stats();
      expect(stats.resources).toMatchObject({ user: 5, group: 3, app: 1, role: 3 });
      expect(stats.grants).toBeGreaterThan(0);
    } finally {
      c1z.close();
    }
    expect(c1.heartbeats(syncId).length).toBeGreaterThanOrEqual(1);

    // Grant, then the same grant again: the second is "already exists".
    const grantId = c1.enqueueGrant(membership("security"), user("alice"));
    const granted = await c1.finished(grantId);
    expect(granted.success?.annotations ?? []).toHaveLength(0);
    expect(granted.success?.response?.typeUrl).toBe(
      "type.googleapis.com/c1.connector.v2.GrantManagerServiceGrantResponse",
    );
    const again = await c1.finished(c1.enqueueGrant(membership("security"), user("alice")));
    expect(again.success?.annotations.some((a) => anyIs(a, GrantAlreadyExistsSchema))).toBe(true);

    // Revoke, then the same revoke again: "already revoked".
    const grant = {
      id: "group:security:member:user:alice",
      entitlement: membership("security"),
      principal: user("alice"),
    };
    const revoked = await c1.finished(c1.enqueueRevoke(grant));
    expect(revoked.success?.annotations ?? []).toHaveLength(0);
    const revokedAgain = await c1.finished(c1.enqueueRevoke(grant));
    expect(revokedAgain.success?.annotations.some((a) => anyIs(a, GrantAlreadyRevokedSchema))).toBe(true);

    // A type without a handler: Unknown, retryable; a task with no type at all: the same, and the loop goes on.
    const unsupported = await c1.finished(c1.enqueue({ case: "createTicketTask", value: {} }));
    expect(unsupported.status).toMatchObject({ code: Code.Unknown, message: "unsupported task type" });
    expect(unsupported.error?.nonRetryable).toBe(false);
    const untyped = await c1.finished(c1.enqueue(undefined));
    expect(untyped.status?.code).toBe(Code.Unknown);

    // A grant task without its entitlement: InvalidArgument, not retried.
    const malformed = await c1.finished(c1.enqueue({ case: "grant", value: { principal: user("bob") } }));
    expect(malformed.status?.code).toBe(Code.InvalidArgument);
    expect(malformed.error?.nonRetryable).toBe(true);

    // SIGTERM: exit 0, nothing left in the temp directory, and no secret anywhere in the output.
    one.child.kill("SIGTERM");
    expect(await one.exited).toBe(0);
    expect(await readdir(taskDir)).toEqual([]);
    const lines = one.output().trim().split("\n");
    const taskLines = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.msg === "task finished");
    expect(taskLines.find((line) => line.taskId === grantId)).toMatchObject({
      taskType: "grant",
      outcome: "granted",
      apiCalls: {},
      rateLimitWaits: 0,
    });
    expect(secretsIn(one.output())).toEqual([]);
  });

  it("honours a sync task's skip_expand_grants, and writes c1z v1 whatever engine the task names", async () => {
    const one = await service();
    const grantsOf = async (taskId: string): Promise<{ grants: number; magic: string }> => {
      const [upload] = c1.uploads(taskId);
      const file = join(tmp, `${taskId}.c1z`);
      await writeFile(file, upload?.bytes ?? new Uint8Array());
      const c1z = await C1zFile.open(file, { readOnly: true });
      try {
        return {
          grants: c1z.stats().grants,
          magic: Buffer.from(upload?.bytes.subarray(0, 5) ?? []).toString("latin1"),
        };
      } finally {
        c1z.close();
      }
    };
    const full = c1.enqueueSync({ storageEngine: "pebble" });
    expect((await c1.finished(full)).success).toBeDefined();
    const flat = c1.enqueueSync({ skipExpandGrants: true });
    expect((await c1.finished(flat)).success).toBeDefined();
    const expanded = await grantsOf(full);
    const unexpanded = await grantsOf(flat);
    expect(expanded.magic).toBe("C1ZF\0");
    // The sample directory's roles held by groups pass to their members only through expansion.
    expect(unexpanded.grants).toBeLessThan(expanded.grants);
    expect(one.output()).toContain("this program writes c1z v1 (sqlite)");
  });

  it("refuses grant and revoke tasks without BATON_PROVISIONING (FailedPrecondition, not retried)", async () => {
    await service();
    const refused = await c1.finished(c1.enqueueGrant(membership("security"), user("bob")));
    expect(refused.status?.code).toBe(Code.FailedPrecondition);
    expect(refused.status?.message).toContain("provisioning is not enabled");
    expect(refused.error?.nonRetryable).toBe(true);
    const revoke = await c1.finished(
      c1.enqueueRevoke({
        id: "group:engineering:member:user:bob",
        entitlement: membership("engineering"),
        principal: user("bob"),
      }),
    );
    expect(revoke.status?.code).toBe(Code.FailedPrecondition);
  });

  it("gets through a token endpoint 500 and GetTask outages, and takes a new token when the old one is refused", async () => {
    c1.failTokenRequests(1, 500);
    c1.failGetTask(2);
    const tokenCallsBefore = c1.calls.filter((call) => call.name === "token").length;
    await service();
    const first = await c1.finished(c1.enqueueSync());
    expect(first.success).toBeDefined();
    const tokenCalls = c1.calls.filter((call) => call.name === "token").slice(tokenCallsBefore);
    expect(tokenCalls[0]?.httpStatus).toBe(500);
    expect(tokenCalls.filter((call) => call.ok)).toHaveLength(1);
    expect(c1.calls.filter((call) => call.name === "GetTask" && !call.ok).length).toBeGreaterThanOrEqual(2);

    // Every token issued so far now expires: the next calls are refused once, then made with a new token.
    c1.expireTokens();
    const second = await c1.finished(c1.enqueueSync());
    expect(second.success).toBeDefined();
    const okTokens = c1.calls.filter((call) => call.name === "token" && call.ok).length;
    expect(okTokens).toBeGreaterThanOrEqual(tokenCallsBefore + 2);
  });

  it("exits 1 naming the variables when ConductorOne refuses the credentials", async () => {
    c1.refuseTokens(true);
    const one = await service();
    expect(await one.exited).toBe(1);
    expect(one.output()).toContain("BATON_CLIENT_ID");
    expect(one.output()).toContain("BATON_CLIENT_SECRET");
    expect(secretsIn(one.output())).toEqual([]);
    c1.refuseTokens(false);
  });

  it("exits 1 when Hello is refused for good (PermissionDenied), retries when it is Unavailable", async () => {
    c1.failHello(Code.Unavailable, 1);
    const retried = await service();
    await c1.waitFor((call) => call.name === "Hello" && call.ok);
    retried.child.kill("SIGTERM");
    expect(await retried.exited).toBe(0);

    c1.failHello(Code.PermissionDenied, 1);
    const refused = await service();
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain("PermissionDenied");
  });

  it("leaves a sync task ConductorOne cancelled: no upload, no FinishTask, temp files removed", async () => {
    const taskDir = await mkdtemp(join(tmp, "tasks-"));
    const id = c1.enqueueSync();
    c1.cancelTask(id);
    const one = start({ ...c1.env(), BATON_TMPDIR: taskDir });
    running.push(one);
    await c1.waitFor((call) => call.name === "Heartbeat" && call.taskId === id);
    // The next task finishing proves the cancelled one was left behind, not still running.
    const next = c1.enqueueSync();
    await c1.finished(next);
    expect(c1.finishes.some((finish) => finish.taskId === id)).toBe(false);
    expect(c1.uploads(id)).toHaveLength(0);
    one.child.kill("SIGTERM");
    expect(await one.exited).toBe(0);
    expect(await readdir(taskDir)).toEqual([]);
  });
});

const freePort = async (): Promise<number> => {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const healthCheck = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, "health-check", ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("close", (code) => resolve({ code, output }));
  });

describe("health checks in service mode", { timeout: 300_000 }, () => {
  it("serve /live, /ready and /health after Hello, and the health-check command reads them for exec probes", async () => {
    const port = String(await freePort());
    const probeEnv = { BATON_HEALTH_CHECK_PORT: port };
    // Nothing listens before the service runs: the probe fails (exit 1) and says where it looked.
    const before = await healthCheck(["--endpoint=live"], probeEnv);
    expect(before.code).toBe(1);
    expect(before.output).toContain(`http://127.0.0.1:${port}/live`);

    const one = await service({ BATON_HEALTH_CHECK: "true", BATON_HEALTH_CHECK_PORT: port });
    await one.printed(/"msg":"health checks listening"/);
    for (const endpoint of ["live", "ready", "health"]) {
      const probe = await healthCheck([`--endpoint=${endpoint}`], probeEnv);
      expect(probe.code, probe.output).toBe(0);
    }
    const answer = await fetch(`http://127.0.0.1:${port}/health`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(await answer.json()).toEqual({
      status: "healthy",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });

    const usage = await healthCheck(["--endpoint=ping"], probeEnv);
    expect(usage.code).toBe(2);
    expect(usage.output).toContain("--endpoint must be one of health, ready, live");

    one.child.kill("SIGTERM");
    expect(await one.exited).toBe(0);
    expect((await healthCheck(["--endpoint=live"], probeEnv)).code).toBe(1);
  });
});

describe("the kit's service-mode scenario", { timeout: 300_000 }, () => {
  it("fails a program whose grant reports success while the system shows no change", async () => {
    const { runServiceModeScenario } = await import("../../src/testing/index.js");
    const { sampleConnector } = await import("../../src/sample/index.js");
    const scenario = runServiceModeScenario({
      program: new URL("../../dist/bin/baton-sample.js", import.meta.url),
      connector: sampleConnector,
      apiUrl: "http://127.0.0.1:9",
      env: () => ({}),
      secrets: [],
      chooseGrant: (c1z) => {
        const entitlement = c1z.getEntitlement("group:security:member");
        const principal = [...c1z.iterateResources({ resourceTypeId: "user" })].find(
          (u) => u.id?.resource === "alice",
        );
        if (entitlement === undefined || principal === undefined) throw new Error("sample data changed");
        return { entitlement, principal };
      },
      // An oracle that never sees the grant: the scenario must not accept the program's word for it.
      holds: () => false,
    });
    await expect(scenario).rejects.toThrow(
      /service mode scenario, grant: reported success, but the simulator shows no grant/,
    );
  });
});

describe("an egress proxy (HTTPS_PROXY / NO_PROXY)", { timeout: 300_000 }, () => {
  it("carries both the token request and gRPC through HTTP CONNECT, and is skipped for NO_PROXY hosts", async () => {
    const { createServer } = await import("node:http");
    const { connect } = await import("node:net");
    const tunnels: string[] = [];
    const proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on("connect", (req, client, head) => {
      tunnels.push(req.url ?? "");
      const [host = "", port = ""] = (req.url ?? "").split(":");
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    try {
      const since = c1.calls.length;
      const proxied = await service({ HTTPS_PROXY: proxyUrl });
      await c1.waitFor((call) => call.name === "Hello" && call.ok, { since });
      const done = await c1.finished(c1.enqueueSync());
      expect(done.success).toBeDefined();
      // One tunnel for the token request and at least one for the gRPC channel, all to the fake's host.
      expect(tunnels.length).toBeGreaterThanOrEqual(2);
      expect(new Set(tunnels)).toEqual(new Set([c1.apiHost]));
      proxied.child.kill("SIGTERM");
      expect(await proxied.exited).toBe(0);

      tunnels.length = 0;
      const direct = await service({ HTTPS_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" });
      expect((await c1.finished(c1.enqueueSync())).success).toBeDefined();
      expect(tunnels).toEqual([]);
      direct.child.kill("SIGTERM");
      expect(await direct.exited).toBe(0);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
