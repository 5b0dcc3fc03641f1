import { checkProvisioningProperty } from "@baton-ts/connector-sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentConnector } from "../src/connector.js";
import { type SegmentSimulator, startSegmentSimulator } from "../src/simulator/index.js";
import { segmentAccess } from "./access-projection.js";
import { simulatorClient, syncSimulator, tempDir } from "./support.js";

let sim: SegmentSimulator;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  sim = await startSegmentSimulator({
    seed: 5,
    size: { users: 12, groups: 4, invites: 3 },
    iamWriteLimit: false,
  });
  dir = tempDir();
});
afterAll(async () => {
  await sim.close();
  dir.remove();
});

// PROPERTY_SEED replays a failure: the error names the seed, and the simulator's seed is fixed above.
const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

describe("provisioning property (Segment simulator)", () => {
  it("changes exactly the target, 200 random grants and revokes over pairs from a synced c1z", {
    timeout: 300_000,
  }, async () => {
    const client = simulatorClient(sim);
    const { file } = await syncSimulator(sim, dir.path, { client });
    const report = await checkProvisioningProperty({
      connector: segmentConnector,
      client,
      file,
      ...segmentAccess(sim),
      steps: 200,
      ...(seed === undefined ? {} : { seed }),
    });
    console.info(
      `segment provisioning property: ${report.steps} steps in ${report.durationMs} ms (seed ${report.seed}); ${JSON.stringify(report.outcomes)}; ${report.roundTrips} exact round trips`,
    );
    expect(report.steps).toBe(200);
    // The pool mixes held and new access, so both directions really write.
    expect(report.outcomes.granted ?? 0).toBeGreaterThan(0);
    expect(report.outcomes.revoked ?? 0).toBeGreaterThan(0);
  });

  it("fails, naming the seed and the step, when a write changes more than its target", {
    timeout: 300_000,
  }, async () => {
    const client = simulatorClient(sim);
    const { file } = await syncSimulator(sim, dir.path, { client, file: `${dir.path}/collateral.c1z` });
    // A buggy API: every write also renames a user (a change outside the access relations).
    const user = [...sim.state.users.values()][0];
    if (user === undefined) throw new Error("seed too small");
    sim.hooks.push({
      after: (request) => {
        if (request.method !== "GET") user.name = `${user.name}!`;
        return undefined;
      },
    });
    try {
      await expect(
        checkProvisioningProperty({
          connector: segmentConnector,
          client,
          file,
          ...segmentAccess(sim),
          steps: 30,
          seed: 42,
        }),
      ).rejects.toThrow(
        /^provisioning property failed \(seed 42: .*step \d+ of 30, .*changed the simulator outside the access relations/,
      );
    } finally {
      sim.hooks.pop();
    }
  });
});
