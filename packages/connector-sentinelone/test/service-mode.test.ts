import type { C1zFile } from "@baton-ts/c1z";
import { runServiceModeScenario } from "@baton-ts/connector-sdk/testing";
import { sentineloneConnector } from "@baton-ts/connector-sentinelone";
import {
  type SentinelOneSimulator,
  startSentinelOneSimulator,
} from "@baton-ts/connector-sentinelone/simulator";
import type { Entitlement, Resource } from "@baton-ts/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let simulator: SentinelOneSimulator;

beforeAll(async () => {
  simulator = await startSentinelOneSimulator({
    seed: 9,
    accounts: 2,
    sites: 4,
    users: 16,
    serviceUsers: 2,
    roles: 6,
  });
});
afterAll(() => simulator.close());

/** A site-scoped user and a site where they hold no role, from the uploaded c1z. */
const chooseSiteRole = (c1z: C1zFile): { entitlement: Entitlement; principal: Resource } => {
  const held = new Map<string, string[]>();
  for (const grant of c1z.iterateGrants()) {
    if (grant.principal?.id?.resourceType !== "user") continue;
    const userId = grant.principal.id.resource;
    held.set(userId, [...(held.get(userId) ?? []), grant.entitlement?.id ?? ""]);
  }
  const siteEntitlements = [...c1z.iterateEntitlements({ resourceTypeId: "site" })];
  for (const user of c1z.iterateResources({ resourceTypeId: "user" })) {
    const ids = held.get(user.id?.resource ?? "") ?? [];
    if (ids.length === 0 || !ids.every((id) => id.startsWith("site:"))) continue;
    const sites = new Set(ids.map((id) => id.split(":")[1]));
    const entitlement = siteEntitlements.find((e) => !sites.has(e.resource?.id?.resource));
    if (entitlement !== undefined) return { entitlement, principal: user };
  }
  throw new Error("no site-scoped user with a site they have no role at");
};

describe("baton-sentinel-one in service mode (the seed guides' Secret, the fake ConductorOne, the simulator)", {
  timeout: 300_000,
}, () => {
  it("connects, syncs, grants and revokes as ConductorOne asks, and stops cleanly", async () => {
    const report = await runServiceModeScenario({
      program: new URL("../dist/bin/baton-sentinel-one.js", import.meta.url),
      connector: sentineloneConnector,
      apiUrl: simulator.url,
      env: (apiUrl) => ({ BATON_API_TOKEN: simulator.tokens.tenant, BATON_MANAGEMENT_CONSOLE_URL: apiUrl }),
      secrets: [simulator.tokens.tenant],
      chooseGrant: chooseSiteRole,
      holds: (entitlement, principal) => {
        const [, siteId, roleId] = entitlement.id.split(":");
        return (
          simulator.state.users
            .get(principal.id?.resource ?? "")
            ?.scopeRoles.some((entry) => entry.id === siteId && entry.roleId === roleId) === true
        );
      },
    });
    expect(report.resources.user).toBe(16);
    expect(report.steps).toHaveLength(9);
  });
});
