import { nullLogger, provisionGrant, provisionRevoke } from "@baton-ts/connector-sdk";
import type { Grant } from "@baton-ts/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SegmentClient } from "../src/client/segment-client.js";
import { segmentConnector } from "../src/connector.js";
import { type SegmentSimulator, type SimPermission, startSegmentSimulator } from "../src/simulator/index.js";
import { type SyncedWorkspace, simulatorClient, syncSimulator, tempDir } from "./support.js";

let sim: SegmentSimulator;
let client: SegmentClient;
let synced: SyncedWorkspace;
let removeDir: () => void;

beforeEach(async () => {
  sim = await startSegmentSimulator({
    seed: 21,
    size: { users: 30, groups: 6, invites: 6 },
    iamWriteLimit: false,
  });
  client = simulatorClient(sim);
  const dir = tempDir();
  removeDir = dir.remove;
  synced = await syncSimulator(sim, dir.path, { client });
  sim.clearRequests();
});
afterEach(async () => {
  await sim.close();
  removeDir();
});

const grantIt = (entitlementId: string, type: string, id: string) =>
  provisionGrant({
    connector: segmentConnector,
    client,
    file: synced.file,
    entitlementId,
    principal: { type, id },
    provisioning: true,
    logger: nullLogger,
  });

const revokeIt = (grantId: string) =>
  provisionRevoke({
    connector: segmentConnector,
    client,
    file: synced.file,
    grantId,
    provisioning: true,
    logger: nullLogger,
  });

const writes = () => sim.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);
const snapshot = (permissions: readonly SimPermission[]) => structuredClone(permissions);
/** Permissions without their policy ids (a PUT mints new ones; what they grant is what matters). */
const grantsOf = (permissions: readonly SimPermission[]) =>
  permissions.map(({ policyId: _, ...rest }) => rest);

const directGrant = (predicate: (g: Grant) => boolean): Grant => {
  const found = synced.grants.find((g) => predicate(g) && Object.keys(g.sources?.sources ?? {}).length === 0);
  if (!found) throw new Error("the seeded workspace lacks the grant this test needs");
  return found;
};

describe("group membership", () => {
  it("adds a user by email, then reports already-exists without writing", async () => {
    const group = [...sim.state.groups.values()][0];
    const user = [...sim.state.users.values()].find((u) => !group?.userIds.has(u.id));
    if (!group || !user) throw new Error("seed too small");
    const first = await grantIt(`group:${group.id}:member`, "user", user.id);
    expect(first.outcome.kind).toBe("granted");
    expect(group.userIds.has(user.id)).toBe(true);
    expect(writes()).toEqual(["POST /groups/{userGroupId}/users"]);
    const again = await grantIt(`group:${group.id}:member`, "user", user.id);
    expect(again.outcome.kind).toBe("already-exists");
    expect(writes()).toHaveLength(1);
  });

  it("removes a user through DELETE /group/{id}/users with one plain emails value, then already-revoked", async () => {
    const held = directGrant((g) => g.id.startsWith("group:") && g.principal?.id?.resourceType === "user");
    const groupId = held.entitlement?.resource?.id?.resource ?? "";
    const userId = held.principal?.id?.resource ?? "";
    const group = sim.state.groups.get(groupId);
    const othersBefore = [...(group?.userIds ?? [])].filter((id) => id !== userId);
    expect((await revokeIt(held.id)).outcome.kind).toBe("revoked");
    const deletes = sim.requests.filter((r) => r.method === "DELETE");
    expect(deletes).toEqual([
      expect.objectContaining({
        route: "/group/{userGroupId}/users",
        query: { emails: sim.state.users.get(userId)?.email },
      }),
    ]);
    expect([...(group?.userIds ?? [])]).toEqual(othersBefore);
    expect((await revokeIt(held.id)).outcome.kind).toBe("already-revoked");
    expect(sim.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
  });

  it("adds and removes a pending invitee", async () => {
    const group = [...sim.state.groups.values()][0];
    const invite = [...sim.state.invites.values()].find((i) => !group?.inviteEmails.has(i.email));
    if (!group || !invite) throw new Error("seed too small");
    const inviteId = invite.email.toLowerCase();
    expect((await grantIt(`group:${group.id}:member`, "invite", inviteId)).outcome.kind).toBe("granted");
    expect(group.inviteEmails.has(invite.email)).toBe(true);
    const held = directGrant((g) => g.id.startsWith("group:") && g.principal?.id?.resourceType === "invite");
    const heldGroup = sim.state.groups.get(held.entitlement?.resource?.id?.resource ?? "");
    expect((await revokeIt(held.id)).outcome.kind).toBe("revoked");
    const heldEmail = held.principal?.id?.resource ?? "";
    expect([...(heldGroup?.inviteEmails ?? [])].map((e) => e.toLowerCase())).not.toContain(heldEmail);
  });
});

describe("roles and permissions", () => {
  it("grants a workspace-wide role with exactly one added entry and nothing else touched", async () => {
    const roleId = sim.roleIdByName("Tracking Plan Admin");
    const user = [...sim.state.users.values()].find((u) => !u.permissions.some((p) => p.roleId === roleId));
    if (!user) throw new Error("seed too small");
    const before = snapshot(user.permissions);
    expect((await grantIt(`role:${roleId}:member`, "user", user.id)).outcome.kind).toBe("granted");
    expect(writes()).toEqual(["POST /users/{userId}/permissions"]);
    expect(user.permissions.slice(0, before.length)).toEqual(before);
    expect(grantsOf(user.permissions.slice(before.length))).toEqual([
      { roleId, resources: [{ id: sim.state.workspace.id, type: "WORKSPACE" }] },
    ]);
    expect((await grantIt(`role:${roleId}:member`, "user", user.id)).outcome.kind).toBe("already-exists");
    expect(writes()).toHaveLength(1);
  });

  it("grants a role on a label set with its labels, not workspace-wide", async () => {
    const roleId = sim.roleIdByName("Source Admin");
    const [user] = sim.state.users.values();
    if (!user) throw new Error("seed too small");
    const entitlement = `label:region=eu:${roleId}`;
    expect((await grantIt(entitlement, "user", user.id)).outcome.kind).toBe("granted");
    expect(grantsOf(user.permissions).at(-1)).toEqual({
      roleId,
      resources: [
        { id: sim.state.workspace.id, type: "WORKSPACE", labels: [{ key: "region", value: "eu" }] },
      ],
    });
  });

  it("revokes one label-restricted entry and keeps every other permission and label", async () => {
    const held = directGrant((g) => g.id.startsWith("label:") && g.principal?.id?.resourceType === "user");
    const user = sim.state.users.get(held.principal?.id?.resource ?? "");
    if (!user) throw new Error("no user");
    const before = grantsOf(user.permissions);
    expect((await revokeIt(held.id)).outcome.kind).toBe("revoked");
    expect(writes()).toEqual(["PUT /users/{userId}/permissions"]);
    const after = grantsOf(user.permissions);
    expect(after.length).toBeLessThanOrEqual(before.length);
    // Exactly one (role, resource) pair is gone; every other pair, labels included, is still there.
    const pairs = (list: typeof before) =>
      list.flatMap((p) => p.resources.map((r) => JSON.stringify({ roleId: p.roleId, r, l: p.labels ?? [] })));
    const lost = pairs(before).filter((pair) => !pairs(after).includes(pair));
    expect(lost).toHaveLength(1);
    expect(pairs(after).every((pair) => pairs(before).includes(pair))).toBe(true);
  });

  it("revokes a role on one source from a permission that lists several, keeping the others", async () => {
    const user = [...sim.state.users.values()].find((u) =>
      u.permissions.some((p) => p.resources.length > 1 && p.resources.every((r) => r.type === "SOURCE")),
    );
    const permission = user?.permissions.find((p) => p.resources.length > 1);
    const [first, ...rest] = permission?.resources ?? [];
    if (!user || !permission || !first) throw new Error("seed lacks a multi-source permission");
    const grantId = `source:${first.id}:${permission.roleId}:user:${user.id}`;
    expect(synced.grants.some((g) => g.id === grantId)).toBe(true);
    expect((await revokeIt(grantId)).outcome.kind).toBe("revoked");
    const now = user.permissions.find(
      (p) => p.roleId === permission.roleId && p.resources.some((r) => r.id === rest[0]?.id),
    );
    expect(now?.resources).toEqual(rest);
  });

  it("grants and revokes a group's role, leaving the group's other permissions intact", async () => {
    const roleId = sim.roleIdByName("Identity Admin");
    const group = [...sim.state.groups.values()].find((g) => !g.permissions.some((p) => p.roleId === roleId));
    if (!group) throw new Error("seed too small");
    const before = grantsOf(group.permissions);
    expect(before.length).toBeGreaterThan(0);
    expect((await grantIt(`role:${roleId}:member`, "group", group.id)).outcome.kind).toBe("granted");
    expect(grantsOf(group.permissions)).toEqual([
      ...before,
      { roleId, resources: [{ id: sim.state.workspace.id, type: "WORKSPACE" }] },
    ]);
    const held = directGrant((g) => g.principal?.id?.resourceType === "group" && !g.id.startsWith("group:"));
    const heldGroup = sim.state.groups.get(held.principal?.id?.resource ?? "");
    const heldBefore = heldGroup?.permissions.length ?? 0;
    expect((await revokeIt(held.id)).outcome.kind).toBe("revoked");
    expect(heldGroup?.permissions.length).toBeGreaterThanOrEqual(heldBefore - 1);
  });

  it("refuses to revoke access a user only inherits from a group, and writes nothing", async () => {
    const inherited = synced.grants.find((g) => {
      const sources = Object.keys(g.sources?.sources ?? {});
      return (
        g.principal?.id?.resourceType === "user" &&
        sources.length > 0 &&
        !sources.includes(g.entitlement?.id ?? "")
      );
    });
    if (!inherited) throw new Error("seed has no inherited grant");
    await expect(revokeIt(inherited.id)).rejects.toThrow(/inherited through group:.*:member/);
    expect(writes()).toEqual([]);
  });

  it("refuses a role for an invite before calling Segment", async () => {
    const roleId = sim.roleIdByName("Source Admin");
    const [invite] = sim.state.invites.keys();
    await expect(grantIt(`role:${roleId}:member`, "invite", invite ?? "")).rejects.toThrow(/grantable to/);
    expect(sim.requests).toEqual([]);
  });

  it("does nothing without --provisioning", async () => {
    const [group] = sim.state.groups.keys();
    const [user] = sim.state.users.keys();
    await expect(
      provisionGrant({
        connector: segmentConnector,
        client,
        file: synced.file,
        entitlementId: `group:${group}:member`,
        principal: { type: "user", id: user ?? "" },
        provisioning: false,
        logger: nullLogger,
      }),
    ).rejects.toThrow(/provisioning is not enabled/);
    expect(sim.requests).toEqual([]);
  });
});
