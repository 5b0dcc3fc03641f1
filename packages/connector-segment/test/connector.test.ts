import { capabilitiesJson, checkDefinition, nullLogger } from "@baton-ts/connector-sdk";
import { memorySession } from "@baton-ts/connector-sdk/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createSegmentClient } from "../src/client/segment-client.js";
import { segmentConnector } from "../src/connector.js";
import { type SegmentSimulator, startSegmentSimulator } from "../src/simulator/index.js";
import { expectedModel } from "./oracle.js";
import { syncSimulator, tempDir } from "./support.js";

let sim: SegmentSimulator | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});
const ctx = { logger: nullLogger, signal: new AbortController().signal, session: memorySession() };

describe("the connector definition", () => {
  it("is consistent and provisions exactly the types docs/connectors/segment.md lists as provisionable", () => {
    checkDefinition(segmentConnector);
    const capabilities = JSON.parse(capabilitiesJson(segmentConnector)) as {
      resourceTypeCapabilities: { resourceType: { id: string }; capabilities: string[] }[];
    };
    const provisioned = capabilities.resourceTypeCapabilities
      .filter((c) => c.capabilities.includes("CAPABILITY_PROVISION"))
      .map((c) => c.resourceType.id)
      .sort();
    expect(provisioned).toEqual(["function", "group", "label", "role", "source", "space", "warehouse"]);
    expect(capabilities.resourceTypeCapabilities.map((c) => c.resourceType.id).sort()).toEqual([
      "function",
      "group",
      "invite",
      "label",
      "role",
      "source",
      "space",
      "user",
      "warehouse",
      "workspace",
    ]);
  });

  it("validates a good token and explains a bad one", async () => {
    sim = await startSegmentSimulator();
    const good = await segmentConnector.connect(
      { token: sim.token, region: "us", baseUrl: sim.url },
      { logger: nullLogger, userAgent: "t" },
    );
    await segmentConnector.validate(good, ctx);
    expect(sim.requests.map((r) => `${r.route} ${JSON.stringify(r.query)}`)).toEqual([
      "/ {}",
      '/users {"pagination.count":"1"}',
    ]);
    const bad = await segmentConnector.connect(
      { token: "nope", region: "us", baseUrl: sim.url },
      { logger: nullLogger, userAgent: "t" },
    );
    await expect(segmentConnector.validate(bad, ctx)).rejects.toThrow(/token was rejected \(401\)/);
  });

  it("syncs the whole workspace through the simulator's request limiter without losing anything", async () => {
    sim = await startSegmentSimulator({
      seed: 8,
      rateLimit: { points: 25, windowMs: 200 },
      iamWriteLimit: false,
    });
    const dir = tempDir();
    cleanups.push(dir.remove);
    const client = createSegmentClient({
      baseUrl: sim.url,
      token: sim.token,
      retry: { baseDelayMs: 5, maxDelayMs: 1_000, maxAttempts: 12 },
    });
    const synced = await syncSimulator(sim, dir.path, { client });
    expect(new Set(synced.grants.map((g) => g.id))).toEqual(expectedModel(sim.state).grants);
    expect(sim.requests.length).toBeGreaterThan(25);
  });
});
