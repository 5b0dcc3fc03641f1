import { join } from "node:path";
import { nullLogger, runSync } from "@baton-ts/connector-sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { SegmentClient } from "../src/client/segment-client.js";
import { segmentConnector } from "../src/connector.js";
import { type SegmentSimulator, startSegmentSimulator } from "../src/simulator/index.js";
import { expectedModel } from "./oracle.js";
import { simulatorClient, syncSimulator, tempDir } from "./support.js";

let sim: SegmentSimulator | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Interrupts the sync right after the first page of `method` came back. */
const interruptAfterFirst = (
  client: SegmentClient,
  method: "listSources" | "listUsers",
  controller: AbortController,
) => {
  const original = client[method].bind(client) as (...args: never[]) => Promise<unknown>;
  let calls = 0;
  (client as unknown as Record<string, unknown>)[method] = async (...args: never[]) => {
    const result = await original(...args);
    calls += 1;
    // The users listing is read twice (user type and label scan); either one's first page will do.
    if (calls === 1) controller.abort(new Error("test interruption"));
    return result;
  };
};

describe("a sync resumed by a new process (a fresh client)", () => {
  it.each(["listSources", "listUsers"] as const)(
    "after an interruption inside %s ends with exactly the data model, no grant left out",
    async (method) => {
      sim = await startSegmentSimulator({
        seed: 13,
        size: { users: 450, sources: 430, groups: 6 },
        iamWriteLimit: false,
      });
      const dir = tempDir();
      cleanups.push(dir.remove);
      const file = join(dir.path, "sync.c1z");
      const controller = new AbortController();
      const first = simulatorClient(sim);
      interruptAfterFirst(first, method, controller);
      await expect(
        runSync({
          connector: segmentConnector,
          client: first,
          file,
          logger: nullLogger,
          signal: controller.signal,
          progressIntervalMs: 0,
        }),
      ).rejects.toThrow();
      const resumed = await syncSimulator(sim, dir.path, { client: simulatorClient(sim), file });
      expect(resumed.summary.resumed).toBe(true);
      expect(new Set(resumed.grants.map((g) => g.id))).toEqual(expectedModel(sim.state).grants);
    },
  );
});
