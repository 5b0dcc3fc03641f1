import type { C1zFile } from "@baton-ts/c1z";
import { runServiceModeScenario } from "@baton-ts/connector-sdk/testing";
import { segmentConnector } from "@baton-ts/connector-segment";
import { type SegmentSimulator, startSegmentSimulator } from "@baton-ts/connector-segment/simulator";
import type { Entitlement, Resource } from "@baton-ts/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const TOKEN = "seg-service-token-3c5e7a91";
let simulator: SegmentSimulator;

beforeAll(async () => {
  simulator = await startSegmentSimulator({
    seed: 21,
    token: TOKEN,
    size: { users: 10, invites: 1, groups: 3, sources: 3, warehouses: 1, functionsPerType: 1, spaces: 1 },
    iamWriteLimit: false,
  });
});
afterAll(() => simulator.close());

/** The first group, and a user outside it, from the uploaded c1z. */
const chooseMembership = (c1z: C1zFile): { entitlement: Entitlement; principal: Resource } => {
  for (const entitlement of c1z.iterateEntitlements({ resourceTypeId: "group" })) {
    const members = new Set<string>();
    for (const held of c1z.iterateGrants({ entitlementId: entitlement.id })) {
      members.add(held.principal?.id?.resource ?? "");
    }
    for (const user of c1z.iterateResources({ resourceTypeId: "user" })) {
      if (!members.has(user.id?.resource ?? "")) return { entitlement, principal: user };
    }
  }
  throw new Error("no group with a user outside it");
};

describe("baton-segment in service mode (the seed guides' Secret, the fake ConductorOne, the simulator)", {
  timeout: 300_000,
}, () => {
  it("connects, syncs, grants and revokes as ConductorOne asks, and stops cleanly", async () => {
    const report = await runServiceModeScenario({
      program: new URL("../dist/bin/baton-segment.js", import.meta.url),
      connector: segmentConnector,
      apiUrl: simulator.url,
      env: (apiUrl) => ({ BATON_TOKEN: TOKEN, BATON_BASE_URL: apiUrl }),
      secrets: [TOKEN],
      chooseGrant: chooseMembership,
      holds: (entitlement, principal) =>
        simulator.state.groups
          .get(entitlement.resource?.id?.resource ?? "")
          ?.userIds.has(principal.id?.resource ?? "") === true,
    });
    expect(report.resources.user).toBe(10);
    expect(report.steps).toHaveLength(9);
  });
});
