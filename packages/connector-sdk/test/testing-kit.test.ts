import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentEntitlement, grant, resourceId } from "../src/model/index.js";
import { createSampleDirectory, sampleConnector } from "../src/sample/index.js";
import {
  ContractViolationError,
  checkConnectorContract,
  defaultFaultScenarios,
  runFaultScenarios,
  startFaultProxy,
} from "../src/testing/index.js";
import { useTempDir } from "./support/files.js";
import { makeRemoteClient, remoteSampleConnector, startSampleServer } from "./support/remote-sample.js";
import { sampleWith } from "./support/sample-with.js";

const tempDir = useTempDir();

const violationsOf = async (promise: Promise<unknown>): Promise<readonly string[]> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractViolationError);
  return (error as ContractViolationError).violations;
};

describe("checkConnectorContract", () => {
  it("passes the sample connector and reports its counts", async () => {
    const report = await checkConnectorContract({
      connector: sampleConnector,
      makeClient: createSampleDirectory,
      tempDir: tempDir(),
    });
    expect(report).toMatchObject({
      resourceTypes: 4,
      resources: { user: 5, group: 3, app: 1, role: 3 },
      entitlements: 7,
      grants: 21,
    });
  });

  it("lists every broken id rule and dangling principal of a deliberately broken connector", async () => {
    const broken = sampleWith("group", (def) => ({
      entitlements: async (client, args, ctx) => {
        const page = await (def.entitlements as NonNullable<typeof def.entitlements>)(client, args, ctx);
        // an entitlement whose id is not "<type>:<id>:<slug>"
        const odd = {
          ...assignmentEntitlement(args.resource, "owner"),
          id: `owner-of-${args.resource.id?.resource}`,
        };
        return { items: [...page.items, odd] };
      },
      grants: async (client, args, ctx) => {
        const page = await (def.grants as NonNullable<typeof def.grants>)(client, args, ctx);
        const ghost = grant(args.resource, "member", resourceId("user", "ghost"));
        const renamed = {
          ...grant(args.resource, "member", resourceId("user", "alice")),
          id: `custom-${args.resource.id?.resource}`,
        };
        return { items: [...page.items, ghost, renamed], nextCursor: page.nextCursor };
      },
    }));
    const violations = await violationsOf(
      checkConnectorContract({ connector: broken, makeClient: createSampleDirectory, tempDir: tempDir() }),
    );
    expect(violations).toEqual(
      expect.arrayContaining([
        "grant group:engineering:member:user:ghost: its principal was never listed",
        'entitlement owner-of-engineering: the id must be "<type>:<id>:<slug>" of its resource (group:engineering:…)',
        'grant custom-engineering: the id must be "<entitlement id>:<principal type>:<principal id>" (group:engineering:member:user:alice)',
      ]),
    );
  });

  it("catches a cursor loop (a cursor that comes back after other pages)", async () => {
    const looping = sampleWith("user", (def) => ({
      list: async (client, args, ctx) => {
        const page = await def.list(client, { cursor: undefined }, ctx);
        return { items: page.items, nextCursor: args.cursor === "a" ? "b" : "a" };
      },
    }));
    const violations = await violationsOf(
      checkConnectorContract({ connector: looping, makeClient: createSampleDirectory, tempDir: tempDir() }),
    );
    expect(violations).toEqual([
      'the sync failed: list() of type user returned a next-page cursor it had already returned ("a", after 3 pages): return a cursor that advances, or none on the last page',
    ]);
  });

  it("catches a connector whose second sync differs from the first", async () => {
    let run = 0;
    const drifting = sampleWith("group", (def) => ({
      list: async (client, args, ctx) => {
        run += 1;
        const page = await def.list(client, args, ctx);
        return run === 1 ? page : { items: page.items.slice(1) };
      },
    }));
    const violations = await violationsOf(
      checkConnectorContract({ connector: drifting, makeClient: createSampleDirectory, tempDir: tempDir() }),
    );
    expect(violations).toContain(
      "a second sync differs from the first: resources: missing group:engineering",
    );
  });
});

describe("startFaultProxy", () => {
  let target: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ path: req.url, items: [1, 2, 3, 4, 5, 6, 7, 8] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    target = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  });
  afterAll(() => target.close());

  it("forwards, and injects each fault at its request index", async () => {
    const proxy = await startFaultProxy({
      target: target.url,
      faults: {
        rules: [
          { at: 1, count: 2, fault: { kind: "rate-limit", retryAfterSeconds: 3, body: { wait: true } } },
          { at: 3, fault: { kind: "server-error", status: 502, format: "html" } },
          { at: 4, fault: { kind: "server-error" } },
          { at: 5, fault: { kind: "truncated-body" } },
          { at: 6, fault: { kind: "reset" } },
          { at: 7, fault: { kind: "slow", delayMs: 60 } },
        ],
      },
    });
    try {
      const get = () => fetch(`${proxy.url}/things?x=1`);
      const ok = await get();
      expect([ok.status, await ok.json()]).toEqual([
        200,
        { path: "/v1/things?x=1", items: [1, 2, 3, 4, 5, 6, 7, 8] },
      ]);
      for (let i = 0; i < 2; i += 1) {
        const limited = await get();
        expect([limited.status, limited.headers.get("retry-after"), await limited.json()]).toEqual([
          429,
          "3",
          { wait: true },
        ]);
      }
      const html = await get();
      expect([html.status, html.headers.get("content-type"), (await html.text()).includes("<html>")]).toEqual(
        [502, "text/html", true],
      );
      const json = await get();
      expect([json.status, (await json.json()) as unknown]).toEqual([
        503,
        { error: expect.stringContaining("unavailable") },
      ]);
      const truncated = await get();
      expect(truncated.status).toBe(200);
      await expect(truncated.clone().json()).rejects.toThrow();
      await expect(get()).rejects.toThrow();
      const started = Date.now();
      expect((await get()).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(50);
      expect(proxy.stats).toMatchObject({
        requests: 8,
        counted: 8,
        injected: { "rate-limit": 2, "server-error": 2, "truncated-body": 1, reset: 1, slow: 1 },
      });
    } finally {
      await proxy.close();
    }
  });

  it("decides seeded random faults by request index, the same on every run", async () => {
    const plan = { random: { seed: 42, rate: 0.5, faults: [{ kind: "server-error" as const }] } };
    const statuses: number[][] = [];
    for (let run = 0; run < 2; run += 1) {
      const proxy = await startFaultProxy({ target: target.url, faults: plan });
      const seen: number[] = [];
      for (let i = 0; i < 12; i += 1) seen.push((await fetch(`${proxy.url}/x`)).status);
      statuses.push(seen);
      await proxy.close();
    }
    expect(statuses[0]).toEqual(statuses[1]);
    expect(statuses[0]).toContain(503);
    expect(statuses[0]).toContain(200);
  });

  it("stops injecting random faults after maxFaults", async () => {
    const proxy = await startFaultProxy({
      target: target.url,
      faults: { random: { seed: 42, rate: 1, faults: [{ kind: "server-error" }], maxFaults: 3 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await fetch(`${proxy.url}/x`)).status);
    await proxy.close();
    expect(statuses).toEqual([503, 503, 503, 200, 200, 200]);
  });
});

describe("runFaultScenarios", () => {
  let simulator: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    simulator = await startSampleServer();
  });
  afterAll(() => simulator.close());

  it("finds the same c1z after every standard fault as without faults", async () => {
    const results = await runFaultScenarios({
      connector: remoteSampleConnector(),
      makeClient: makeRemoteClient,
      target: simulator.url,
      tempDir: tempDir(),
    });
    expect(results.map((r) => r.name)).toEqual(defaultFaultScenarios().map((s) => s.name));
    for (const result of results) expect(Object.values(result.injected).some((n) => n > 0)).toBe(true);
    // A truncated body on a GET is read again by the HTTP client (a cut-off transfer): no resume needed.
    expect(results.find((r) => r.name === "truncated body")?.resumes).toBe(0);
  });

  it("catches a connector that loses data on failures", async () => {
    const violations = await violationsOf(
      runFaultScenarios({
        connector: remoteSampleConnector({ lossy: true }),
        makeClient: makeRemoteClient,
        target: simulator.url,
        tempDir: tempDir(),
        scenarios: [
          // A long 5xx outage outlasts the client's six attempts, so failures reach the connector.
          { name: "5xx outage", faults: { rules: [{ at: 4, count: 60, fault: { kind: "server-error" } }] } },
        ],
      }),
    );
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatch(/^5xx outage: /);
  });
});
