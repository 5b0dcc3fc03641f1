import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { C1zFile, C1zUsageError } from "../src/index.js";
import { entitlement, grant, resource, resourceType } from "./fixtures.js";
import { useTempDir } from "./helpers.js";

const tempDir = useTempDir();

const org = resource("org", "o1");
const group = resource("group", "g1", { type: "org", id: "o1" });
const users = Array.from({ length: 30 }, (_, index) =>
  resource("user", `u${index}`, { type: "org", id: "o1" }),
);
const member = entitlement(group, "member");
const admin = entitlement(group, "admin");

async function writeSync(path: string): Promise<string> {
  const file = await C1zFile.open(path);
  const { syncId } = file.startOrResumeSync();
  file.transaction(() => {
    file.putResourceTypes(syncId, [resourceType("org"), resourceType("group"), resourceType("user")]);
    file.putResources(syncId, [org, group, ...users]);
    file.putEntitlements(syncId, [member, admin]);
    file.putGrants(syncId, [...users.map((user) => grant(member, user)), grant(admin, users[0] ?? org)]);
    file.checkpoint(syncId, '{"actions":[]}');
  });
  file.endSync(syncId);
  await file.save();
  return syncId;
}

describe("C1zFile", () => {
  it("round-trips typed messages through a saved file", async () => {
    const path = join(tempDir(), "sync.c1z");
    const syncId = await writeSync(path);
    const file = await C1zFile.open(path, { readOnly: true });
    try {
      expect(file.getResourceType("user")).toEqual(resourceType("user"));
      expect(file.getResource({ resourceType: "group", resource: "g1" })).toEqual(group);
      expect(file.getEntitlement(member.id)).toEqual(member);
      expect(file.getGrant("group:g1:member:user:u3")).toEqual(
        grant(member, resource("user", "u3", { type: "org", id: "o1" })),
      );
      expect(file.getGrant("group:g1:member:user:nobody")).toBeUndefined();
      expect(file.hasResource({ resourceType: "user", resource: "u29" }, syncId)).toBe(true);
      expect(file.hasResource({ resourceType: "user", resource: "u30" }, syncId)).toBe(false);
      expect(file.stats()).toEqual({
        resourceTypes: 3,
        resources: { group: 1, org: 1, user: 30 },
        entitlements: 2,
        grants: 31,
      });
      expect(file.counts(syncId)).toMatchObject({ grants: 31, resources: 32 });
      expect(file.integrityReport(syncId)).toEqual({
        grantsWithUnknownEntitlement: [],
        grantsWithUnknownPrincipal: [],
        entitlementsWithUnknownResource: [],
      });
    } finally {
      file.close();
    }
  });

  it("lists with filters and pages, and iterates the same items", async () => {
    const path = join(tempDir(), "sync.c1z");
    await writeSync(path);
    const file = await C1zFile.open(path, { readOnly: true });
    const firstPage = file.listGrants({ entitlementId: member.id, pageSize: 20 });
    expect(firstPage.items).toHaveLength(20);
    const secondPage = file.listGrants({
      entitlementId: member.id,
      pageSize: 20,
      pageToken: firstPage.nextPageToken,
    });
    expect(secondPage.items).toHaveLength(10);
    expect(secondPage.nextPageToken).toBeUndefined();
    const iterated = [...file.iterateGrants({ entitlementId: member.id })].map((item) => item.id);
    expect(iterated).toEqual([...firstPage.items, ...secondPage.items].map((item) => item.id));

    const u0 = { resourceType: "user", resource: "u0" };
    expect(
      file
        .listGrants({ principal: u0 })
        .items.map((item) => item.id)
        .sort(),
    ).toEqual(["group:g1:admin:user:u0", "group:g1:member:user:u0"]);
    expect(file.listGrants({ resource: { resourceType: "group", resource: "g1" } }).items).toHaveLength(31);
    expect(file.listGrants({ resourceTypeId: "org" }).items).toHaveLength(0);
    expect(file.listResources({ resourceTypeId: "user" }).items).toHaveLength(30);
    expect(file.listResources({ parent: { resourceType: "org", resource: "o1" } }).items).toHaveLength(31);
    expect(file.listEntitlements({ resource: { resourceType: "group", resource: "g1" } }).items).toHaveLength(
      2,
    );
    expect(file.listResourceTypes().items.map((item) => item.id)).toEqual(["org", "group", "user"]);
    expect([...file.iterateResources({ resourceTypeId: "group" })]).toEqual([group]);
    file.close();
  });

  it("diffs two syncs like baton diff", async () => {
    const path = join(tempDir(), "sync.c1z");
    const base = await writeSync(path);
    const file = await C1zFile.open(path);
    const { syncId: applied } = file.startOrResumeSync();
    const renamed = resource("group", "g1", { type: "org", id: "o1" });
    renamed.displayName = "Renamed";
    const newcomer = resource("user", "u99");
    file.putResources(applied, [org, renamed, newcomer, ...users.slice(1)]);
    file.putEntitlements(applied, [member, admin]);
    file.putGrants(
      applied,
      users.slice(1).map((user) => grant(member, user)),
    );
    file.endSync(applied);
    const diff = file.diff(base, applied);
    expect(diff.resources.created.map((item) => item.id?.resource)).toEqual(["u99"]);
    expect(diff.resources.deleted.map((item) => item.id?.resource)).toEqual(["u0"]);
    expect(diff.resources.modified.map((item) => item.displayName)).toEqual(["Renamed"]);
    expect(diff.entitlements).toEqual({ created: [], deleted: [], modified: [] });
    expect(diff.grants.deleted.map((item) => item.id).sort()).toEqual([
      "group:g1:admin:user:u0",
      "group:g1:member:user:u0",
    ]);
    expect(() => file.diff(base, "missing")).toThrow(/no sync run/);
    file.close();
  });

  it("defaults reads to the running sync while one runs", async () => {
    const path = join(tempDir(), "sync.c1z");
    await writeSync(path);
    const file = await C1zFile.open(path);
    const { syncId } = file.startOrResumeSync();
    expect(file.readerSyncId()).toBe(syncId);
    expect(file.stats().grants).toBe(0);
    file.endSync(syncId);
    file.close();
  });

  it("rejects messages that lack the ids Baton denormalises, and writes to unknown syncs", async () => {
    const file = await C1zFile.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    const orphan = grant(member, users[1] ?? org);
    orphan.principal = undefined;
    expect(() => file.putGrants(syncId, [orphan])).toThrow(/has no principal.id/);
    expect(() => file.putResources(syncId, [resource("", "x")])).toThrow(/without id.resourceType/);
    expect(() => file.putGrants("not-a-sync", [grant(member, org)])).toThrow(C1zUsageError);
    file.close();
  });

  it("writes nothing of a put whose later item is invalid, inside or outside a transaction", async () => {
    const file = await C1zFile.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    const orphan = grant(member, users[2] ?? org);
    orphan.principal = undefined;
    const valid = users.slice(0, 2).map((user) => grant(member, user));
    expect(() => file.putGrants(syncId, [...valid, orphan])).toThrow(/has no principal.id/);
    expect(file.counts(syncId).grants).toBe(0);
    file.transaction(() => {
      file.putGrants(syncId, [grant(admin, org)]);
      // The caller may catch a failed put and go on: its own earlier writes stay, the failed put's do not.
      expect(() => file.putGrants(syncId, [...valid, orphan])).toThrow(/has no principal.id/);
    });
    expect(file.counts(syncId).grants).toBe(1);
    expect(file.getGrant(`${admin.id}:org:o1`, syncId)?.id).toBe(`${admin.id}:org:o1`);
    file.close();
  });

  it("stores the bytes of the fast encoder and of toBinary alike (a grant it leaves to toBinary reads back)", async () => {
    const path = join(tempDir(), "sync.c1z");
    const file = await C1zFile.open(path);
    const { syncId } = file.startOrResumeSync();
    const unusual = grant(member, users[3] ?? org);
    unusual.$unknown = [{ no: 77, wireType: 2, data: new Uint8Array([2, 104, 105]) }];
    const plain = users.slice(4, 8).map((user) => grant(member, user));
    file.putGrants(syncId, [...plain, unusual]);
    file.endSync(syncId);
    await file.save();
    const reader = await C1zFile.open(path, { readOnly: true });
    try {
      expect(reader.listGrants().items).toEqual([...plain, unusual]);
    } finally {
      reader.close();
    }
  });
});
