import { fileURLToPath } from "node:url";
import { nullLogger } from "@baton-ts/connector-sdk";
import {
  checkConnectorContract,
  defaultFaultScenarios,
  runFaultScenarios,
  runKillAndResume,
} from "@baton-ts/connector-sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSentinelOneClient, sentineloneConnector } from "../src/index.js";
import { type SentinelOneSimulator, startSentinelOneSimulator } from "../src/simulator/index.js";

let sim: SentinelOneSimulator;

beforeAll(async () => {
  sim = await startSentinelOneSimulator({
    seed: 31,
    accounts: 3,
    sites: 8,
    users: 1200,
    serviceUsers: 30,
    roles: 16,
  });
});
afterAll(() => sim.close());

const makeClient = (consoleUrl: string, token = sim.tokens.tenant) =>
  createSentinelOneClient({
    apiToken: token,
    managementConsoleUrl: consoleUrl,
    retry: { baseDelayMs: 1, maxDelayMs: 50 },
    logger: nullLogger,
    userAgent: "baton-sentinel-one/kit-test",
  });

describe("the sdk's connector contract", () => {
  it("holds for a Global token", async () => {
    const report = await checkConnectorContract({
      connector: sentineloneConnector,
      makeClient: () => makeClient(sim.url),
    });
    expect(report.resources.user).toBe(1200);
    expect(report.grants).toBeGreaterThan(1200);
  });

  it("holds for an account-scoped token (its account, its sites, their principals)", async () => {
    const report = await checkConnectorContract({
      connector: sentineloneConnector,
      makeClient: () => makeClient(sim.url, sim.tokens.account),
    });
    expect(report.resources.account).toBe(1);
    expect(report.resources.site).toBe(
      sim.state.sites.all().filter((s) => s.accountId === sim.state.accounts.all()[0]?.id).length,
    );
    expect(report.grants).toBeGreaterThan(0);
  });

  it("holds for a site-scoped token (accounts skipped, no dangling grants)", async () => {
    const report = await checkConnectorContract({
      connector: sentineloneConnector,
      makeClient: () => makeClient(sim.url, sim.tokens.site),
    });
    expect(report.resources.account ?? 0).toBe(0);
    expect(report.grants).toBeGreaterThan(0);
  });
});

describe("fault injection", () => {
  it("ends every fault scenario with the same c1z content as a fault-free sync", async () => {
    const scenarios = [
      ...defaultFaultScenarios(),
      {
        // SentinelOne's own 429 shape: an error body and (as far as anyone has seen) no Retry-After.
        name: "SentinelOne 429 without Retry-After",
        faults: {
          rules: [
            {
              at: 2,
              count: 2,
              fault: {
                kind: "rate-limit" as const,
                retryAfterSeconds: null,
                body: { errors: [{ code: 4290010, detail: null, title: "Too Many Requests" }] },
              },
            },
          ],
        },
      },
    ];
    const results = await runFaultScenarios({
      connector: sentineloneConnector,
      makeClient: (baseUrl) => makeClient(baseUrl),
      target: sim.url,
      scenarios,
    });
    expect(results.map((r) => r.name)).toEqual(scenarios.map((s) => s.name));
    for (const result of results) {
      expect(Object.values(result.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
  });

  it("resumes a sync killed with SIGKILL at 30, 60 and 90% to the same result, redoing only what was in flight", async () => {
    const result = await runKillAndResume({
      workerModule: fileURLToPath(new URL("./kill-worker.mjs", import.meta.url)),
      target: sim.url,
      killAt: [{ fraction: 0.3 }, { fraction: 0.6 }, { fraction: 0.9 }],
      checkEfficiency: true,
    });
    expect(result.kills.every((k) => k.killed)).toBe(true);
    expect(result.summary.resources).toEqual(result.baseline.resources);
    expect(result.summary.grants).toBe(result.baseline.grants);
    const { clean, total, allowance } = result.work;
    expect(total.requests).toBeLessThanOrEqual(clean.requests + allowance.requests);
  }, 300_000);
});
