import { createMemoryLogger } from "@baton-ts/connector-sdk/testing";
import type { Resource } from "@baton-ts/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { roleApplicability } from "../src/resource-types/role-applicability.js";
import {
  type SegmentSimulator,
  type SegmentSimulatorOptions,
  startSegmentSimulator,
} from "../src/simulator/index.js";
import { expectedModel } from "./oracle.js";
import { simulatorClient, syncSimulator, tempDir } from "./support.js";

let sim: SegmentSimulator | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const syncOf = async (options: SegmentSimulatorOptions) => {
  sim = await startSegmentSimulator({ iamWriteLimit: false, ...options });
  const dir = tempDir();
  cleanups.push(dir.remove);
  return { sim, synced: await syncSimulator(sim, dir.path) };
};

const idsByType = (resources: readonly Resource[]): Record<string, Set<string>> => {
  const byType: Record<string, Set<string>> = {};
  for (const r of resources) {
    const type = r.id?.resourceType ?? "";
    byType[type] ??= new Set();
    byType[type].add(r.id?.resource ?? "");
  }
  return byType;
};

describe("a sync of the simulated workspace", () => {
  it("publishes exactly the data model's resources and grants, expansion included", async () => {
    const { sim, synced } = await syncOf({ seed: 11, size: { users: 60, groups: 8, invites: 9 } });
    const expected = expectedModel(sim.state);
    expect(idsByType(synced.resources)).toEqual(expected.resources);
    expect(new Set(synced.grants.map((g) => g.id))).toEqual(expected.grants);
    expect(synced.summary.expandedGrants).toBeGreaterThan(0);
  });

  it("hangs every resource under the workspace, the workspace under nothing", async () => {
    const { sim, synced } = await syncOf({ seed: 2 });
    for (const r of synced.resources) {
      if (r.id?.resourceType === "workspace") expect(r.parentResourceId).toBeUndefined();
      else
        expect(r.parentResourceId).toMatchObject({
          resourceType: "workspace",
          resource: sim.state.workspace.id,
        });
    }
  });

  it("publishes the entitlement ids of the contract, with permission roles chosen per target type", async () => {
    const { sim, synced } = await syncOf({ seed: 5 });
    const ids = new Set(synced.entitlements.map((e) => e.id));
    const ws = sim.state.workspace.id;
    expect(ids.has(`workspace:${ws}:member`)).toBe(true);
    for (const g of sim.state.groups.keys()) expect(ids.has(`group:${g}:member`)).toBe(true);
    for (const r of sim.state.roles.keys()) expect(ids.has(`role:${r}:member`)).toBe(true);
    const [source] = sim.state.sources.values();
    const sourceRoles = synced.entitlements
      .filter((e) => e.resource?.id?.resourceType === "source" && e.resource.id.resource === source?.id)
      .map((e) => sim.state.roles.get(e.slug)?.name)
      .sort();
    expect(sourceRoles).toEqual(["Source Admin", "Source Read-only"]);
    const grantable = (id: string) =>
      synced.entitlements
        .find((e) => e.id === id)
        ?.grantableTo.map((t) => t.id)
        .sort();
    expect(grantable(`workspace:${ws}:member`)).toEqual(["user"]);
    expect(grantable(`group:${[...sim.state.groups.keys()][0]}:member`)).toEqual(["invite", "user"]);
    expect(grantable(`role:${[...sim.state.roles.keys()][0]}:member`)).toEqual(["group", "user"]);
  });

  it("agrees with the simulator's role catalog on where every standard role applies", async () => {
    sim = await startSegmentSimulator();
    for (const role of sim.state.roles.values()) {
      const applies = roleApplicability(role.name);
      expect([...applies.targets].sort(), role.name).toEqual(
        role.instanceTypes.map((t) => t.toLowerCase()).sort(),
      );
      expect(applies.labelScoped, role.name).toBe(role.labelScoped);
    }
  });

  it.each([
    ["without", false],
    ["with", true],
  ])(
    "reads lists at page size 200 and makes one detail call per user and group %s permissions in the list",
    async (_, listIncludesPermissions) => {
      const { sim } = await syncOf({
        seed: 9,
        listIncludesPermissions,
        size: { users: 250, groups: 12, sources: 201, invites: 3, membersPerGroup: 3 },
      });
      const calls = sim.calls();
      const counts = sim.requests.filter(
        (r) => r.route === "/users" && r.query["pagination.count"] === "200",
      );
      // 2 pages for the users listing and 2 for the label scan.
      expect(counts).toHaveLength(4);
      expect(calls["GET /sources"]).toBe(2);
      expect(calls["GET /users/{userId}"] ?? 0).toBe(listIncludesPermissions ? 0 : 250);
      expect(calls["GET /groups/{userGroupId}"] ?? 0).toBe(listIncludesPermissions ? 0 : 12);
      expect(calls["GET /groups/{userGroupId}/users"]).toBe(12);
      expect(calls["GET /functions"]).toBe(5);
    },
    30_000,
  );

  it("stops paging on a last page whose next is absent or empty, not only null", async () => {
    for (const lastPageNext of ["absent", "empty"] as const) {
      const { sim: s, synced } = await syncOf({ seed: 3, lastPageNext, size: { users: 201 } });
      expect(synced.resources.filter((r) => r.id?.resourceType === "user")).toHaveLength(201);
      expect(s.calls()["GET /sources"]).toBe(1);
      await s.close();
      sim = undefined;
    }
  });

  it("treats a workspace without Functions or Spaces as having none", async () => {
    const { synced } = await syncOf({ features: { functions: false, spaces: false } });
    const types = idsByType(synced.resources);
    expect(types.function).toBeUndefined();
    expect(types.space).toBeUndefined();
    expect(types.source?.size).toBeGreaterThan(0);
  });

  it("shows a later change when one client syncs twice (nothing stale is served)", async () => {
    for (const listIncludesPermissions of [false, true]) {
      sim = await startSegmentSimulator({ seed: 4, listIncludesPermissions, iamWriteLimit: false });
      const client = simulatorClient(sim);
      const first = tempDir();
      const second = tempDir();
      cleanups.push(first.remove, second.remove);
      await syncSimulator(sim, first.path, { client });
      const [user] = sim.state.users.values();
      if (!user) throw new Error("seed too small");
      const owner = sim.roleIdByName("Workspace Owner");
      user.permissions = [
        { policyId: "p", roleId: owner, resources: [{ id: sim.state.workspace.id, type: "WORKSPACE" }] },
      ];
      const again = await syncSimulator(sim, second.path, { client });
      const mine = again.grants
        .filter((g) => g.principal?.id?.resource === user.id && !g.sources)
        .map((g) => g.id);
      expect(mine.sort()).toEqual([
        `role:${owner}:member:user:${user.id}`,
        `workspace:${sim.state.workspace.id}:member:user:${user.id}`,
      ]);
      await sim.close();
      sim = undefined;
    }
  });

  it("leaves out a permission whose role is not offered on its target, with one warning, and counts it", async () => {
    sim = await startSegmentSimulator({ seed: 4, iamWriteLimit: false });
    const [user] = sim.state.users.values();
    const [source] = sim.state.sources.keys();
    if (!user || !source) throw new Error("seed too small");
    const owner = sim.roleIdByName("Workspace Owner");
    user.permissions = [
      ...user.permissions,
      { policyId: "p-owner-on-source", roleId: owner, resources: [{ id: source, type: "SOURCE" }] },
    ];
    const dir = tempDir();
    cleanups.push(dir.remove);
    const logger = createMemoryLogger();
    const synced = await syncSimulator(sim, dir.path, { logger });
    const dropped = `source:${source}:${owner}:user:${user.id}`;
    expect(synced.grants.map((g) => g.id)).not.toContain(dropped);
    expect(synced.summary.droppedGrants).toBe(1);
    const warnings = logger.records.filter((r) => r.level === "warn");
    expect(warnings.map((r) => r.fields.grant)).toEqual([dropped]);
  });

  it("reports a wrong token with the 401 sentence and no token in the message", async () => {
    sim = await startSegmentSimulator({ token: "the-right-one" });
    const dir = tempDir();
    cleanups.push(dir.remove);
    const { createSegmentClient } = await import("../src/client/segment-client.js");
    const client = createSegmentClient({ baseUrl: sim.url, token: "sekret-wrong-token" });
    const failure = await syncSimulator(sim, dir.path, { client }).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/token was rejected \(401\).*BATON_TOKEN.*Workspace Owner.*--region eu/s);
    expect(JSON.stringify(failure) + String(failure) + ((failure as Error).stack ?? "")).not.toContain(
      "sekret-wrong-token",
    );
  });
});
