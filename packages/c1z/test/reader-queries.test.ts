import { readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { C1zFile, C1zFormatError, resourceDisplayName } from "../src/index.js";
import { entitlement, grant, resource, resourceType } from "./fixtures.js";
import { useTempDir } from "./helpers.js";

const tempDir = useTempDir();

const group = resource("group", "g1");
const other = resource("group", "g2");
const users = ["Alice Adams", "Bob Brown", "Carol 100% Case", "Dave_Underscore"].map((name, index) => {
  const user = resource("user", `u${index}`);
  user.displayName = name;
  return user;
});
const member = entitlement(group, "member");
const otherMember = entitlement(other, "member");

/** One finished sync: every user in g1, the first two also in g2. Returns the sync id. */
async function writeFile(path: string): Promise<string> {
  const file = await C1zFile.open(path);
  const { syncId } = file.startOrResumeSync();
  file.putResourceTypes(syncId, [resourceType("group"), resourceType("user")]);
  file.putResources(syncId, [group, other, ...users]);
  file.putEntitlements(syncId, [member, otherMember]);
  file.putGrants(syncId, [
    ...users.map((user) => grant(member, user)),
    grant(otherMember, users[1] ?? group),
    grant(otherMember, users[0] ?? group),
  ]);
  file.endSync(syncId);
  await file.save();
  return syncId;
}

describe("reader queries", () => {
  it.each([
    ["a private copy (SQL function over the data)", false],
    ["a cache entry (its search table)", true],
  ])(
    "searches resources by display name or id, case-insensitively, with %% and _ taken literally, in %s",
    async (_, cached) => {
      const dir = tempDir();
      const path = join(dir, "sync.c1z");
      await writeFile(path);
      const file = await C1zFile.open(path, {
        readOnly: true,
        ...(cached ? { cache: { dir: join(dir, "cache") } } : {}),
      });
      const names = (search: string, extra: { resourceTypeId?: string } = {}) =>
        file.listResources({ search, ...extra }).items.map((item) => item.displayName);
      expect(names("alice")).toEqual(["Alice Adams"]);
      expect(names("BROWN")).toEqual(["Bob Brown"]);
      expect(names("user:u2")).toEqual(["Carol 100% Case"]);
      expect(names("100%")).toEqual(["Carol 100% Case"]);
      expect(names("%")).toEqual(["Carol 100% Case"]);
      expect(names("_")).toEqual(["Dave_Underscore"]);
      expect(names("g", { resourceTypeId: "group" })).toEqual(["group g1", "group g2"]);
      expect(names("nobody")).toEqual([]);
      const firstPage = file.listResources({ search: "u", resourceTypeId: "user", pageSize: 2 });
      expect(firstPage.items.map((item) => item.id?.resource)).toEqual(["u0", "u1"]);
      const secondPage = file.listResources({
        search: "u",
        resourceTypeId: "user",
        pageToken: firstPage.nextPageToken,
      });
      expect(secondPage.items.map((item) => item.id?.resource)).toEqual(["u2", "u3"]);
      expect(file.countResources({ search: "a" })).toBe(3); // all but "Bob Brown" and the groups
      file.close();
    },
  );

  it("reads a display name off the wire as fromBinary does, and survives malformed bytes", () => {
    expect(resourceDisplayName(Uint8Array.of(0x1a, 0x03, 0x41, 0x62, 0x63))).toBe("Abc");
    expect(resourceDisplayName(Uint8Array.of(0x08, 0x96, 0x01, 0x1a, 0x01, 0x5a))).toBe("Z");
    expect(resourceDisplayName(Uint8Array.of(0x1a, 0x09, 0x41))).toBeUndefined();
    expect(resourceDisplayName(Uint8Array.of())).toBeUndefined();
  });

  it("counts, ranks entitlements by holders and lists distinct principals in first-grant order", async () => {
    const path = join(tempDir(), "sync.c1z");
    await writeFile(path);
    const file = await C1zFile.open(path, { readOnly: true });
    expect(file.countGrants()).toBe(6);
    expect(file.countGrants({ entitlementId: otherMember.id })).toBe(2);
    expect(file.countGrants({ principal: { resourceType: "user", resource: "u0" } })).toBe(2);
    expect(file.countEntitlements({ resource: { resourceType: "group", resource: "g2" } })).toBe(1);
    const ranking = [
      { entitlementId: "group:g1:member", grants: 4 },
      { entitlementId: "group:g2:member", grants: 2 },
    ];
    expect(file.entitlementsByGrantCount(5)).toEqual(ranking);
    const cached = await C1zFile.open(path, { readOnly: true, cache: { dir: join(tempDir(), "cache") } });
    expect(cached.entitlementsByGrantCount(5)).toEqual(ranking); // from the entry's count table
    expect(cached.entitlementsByGrantCount(1)).toEqual(ranking.slice(0, 1));
    cached.close();
    expect([...file.iterateGrantPrincipals({ entitlementId: otherMember.id })]).toEqual([
      { resourceType: "user", resource: "u1" },
      { resourceType: "user", resource: "u0" },
    ]);
    expect([...file.iterateGrantPrincipals()].map((key) => key.resource)).toEqual(["u0", "u1", "u2", "u3"]);
    file.close();
  });

  it("pages through each list of a diff and streams it, equal to diff()", async () => {
    const path = join(tempDir(), "sync.c1z");
    const base = await writeFile(path);
    const file = await C1zFile.open(path);
    const { syncId: applied } = file.startOrResumeSync();
    const renamed = resource("user", "u1");
    renamed.displayName = "Robert Brown";
    file.putResources(applied, [group, other, users[0] ?? group, renamed, resource("user", "u9")]);
    file.putEntitlements(applied, [member, otherMember]);
    file.putGrants(applied, [grant(member, users[0] ?? group), grant(member, renamed)]);
    file.endSync(applied);
    const whole = file.diff(base, applied);
    const lazy = file.iterateDiff(base, applied);
    expect([...lazy.grants.deleted]).toEqual(whole.grants.deleted);
    expect([...lazy.grants.deleted]).toEqual(whole.grants.deleted); // a second iteration reads again
    expect(whole.grants.deleted).toHaveLength(4);
    const pages: string[][] = [];
    let pageToken: string | undefined;
    do {
      const page = file.listDiff("grants", "deleted", base, applied, { pageSize: 3, pageToken });
      pages.push(page.items.map((item) => item.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    expect(pages.map((page) => page.length)).toEqual([3, 1]);
    expect(pages.flat()).toEqual(whole.grants.deleted.map((item) => item.id));
    expect(
      file.listDiff("resources", "created", base, applied).items.map((item) => item.id?.resource),
    ).toEqual(["u9"]);
    expect(
      file.listDiff("resources", "modified", base, applied).items.map((item) => item.displayName),
    ).toEqual(["Robert Brown"]);
    expect(() => file.listDiff("grants", "created", base, "nope")).toThrow(/no sync run/);
    // Prepared (the rows found once), the pages are the same, on a writable and a cached open alike.
    const pageThrough = (
      reader: C1zFile,
      kind: "resources" | "grants",
      change: "created" | "deleted" | "modified",
    ) => {
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page = reader.listDiff(kind, change, base, applied, { pageSize: 2, pageToken: token });
        ids.push(...page.items.map((item) => ("displayName" in item ? `${item.displayName}` : item.id)));
        token = page.nextPageToken;
      } while (token !== undefined);
      return ids;
    };
    const lists = (reader: C1zFile) =>
      (["created", "deleted", "modified"] as const).flatMap((change) => [
        pageThrough(reader, "grants", change),
        pageThrough(reader, "resources", change),
      ]);
    const unprepared = lists(file);
    file.prepareDiff(base, applied);
    expect(lists(file)).toEqual(unprepared);
    expect(unprepared.flat()).toHaveLength(4 + 1 + 2 + 1); // g1 grants of u2, u3 and g2 grants of u0, u1 deleted; u9 created; u2, u3 deleted; u1 renamed
    await file.save();
    const cached = await C1zFile.open(path, { readOnly: true, cache: { dir: join(tempDir(), "cache") } });
    cached.prepareDiff(base, applied);
    expect(lists(cached)).toEqual(unprepared);
    cached.close();
  });

  it("reads the sync type as full when the file has no sync_type column", async () => {
    const path = join(tempDir(), "sync.c1z");
    const syncId = await writeFile(path);
    const file = await C1zFile.open(path, { readOnly: true });
    expect(file.listSyncs()).toEqual([expect.objectContaining({ id: syncId, type: "full" })]);
    file.close();
  });

  it("exports one sync into a new c1z with only that sync, replacing the target", async () => {
    const dir = tempDir();
    const path = join(dir, "sync.c1z");
    const first = await writeFile(path);
    const file = await C1zFile.open(path);
    const { syncId: second } = file.startOrResumeSync();
    file.putResources(second, [group]);
    file.endSync(second);
    await file.save();
    const target = join(dir, "latest.c1z");
    writeFileSync(target, "old content");
    const reader = await C1zFile.open(path, { readOnly: true });
    await reader.exportSync(first, target);
    await expect(reader.exportSync(first, path)).rejects.toThrow(/over the file it comes from/);
    reader.close();
    const exported = await C1zFile.open(target, { readOnly: true });
    expect(exported.listSyncs().map((run) => run.id)).toEqual([first]);
    expect(exported.stats()).toEqual({
      resourceTypes: 2,
      resources: { group: 2, user: 4 },
      entitlements: 2,
      grants: 6,
    });
    expect(exported.listGrants({ principal: { resourceType: "user", resource: "u0" } }).items).toHaveLength(
      2,
    );
    exported.close();
    expect(readdirSync(dir).sort()).toEqual(["latest.c1z", "sync.c1z"]);
  });
});

describe("the cache of expanded files", () => {
  it("expands a file once, reuses the copy, and makes a new one when the file changes", async () => {
    const dir = tempDir();
    const path = join(dir, "sync.c1z");
    const cache = { dir: join(dir, "cache") };
    await writeFile(path);
    const first = await C1zFile.open(path, { readOnly: true, cache });
    const entries = readdirSync(join(cache.dir, "c1z-v1"));
    expect(entries).toHaveLength(1);
    expect(statSync(join(cache.dir, "c1z-v1")).mode & 0o777).toBe(0o700);
    expect(statSync(join(cache.dir, "c1z-v1", entries[0] ?? "")).mode & 0o777).toBe(0o600);
    expect(first.countGrants()).toBe(6);
    const entryPath = first.database.databasePath;
    first.close();
    expect(statSync(entryPath).isFile()).toBe(true); // closing keeps the entry

    const second = await C1zFile.open(path, { readOnly: true, cache });
    expect(second.database.databasePath).toBe(entryPath);
    expect(() => second.transaction(() => 1)).toThrow(/read-only/);
    second.close();

    const writer = await C1zFile.open(path);
    const { syncId } = writer.startOrResumeSync();
    writer.putResources(syncId, [resource("user", "late")]);
    writer.endSync(syncId);
    await writer.save();
    const third = await C1zFile.open(path, { readOnly: true, cache });
    expect(third.database.databasePath).not.toBe(entryPath);
    expect(third.countResources({ resourceTypeId: "user" })).toBe(1);
    third.close();
  });

  it("keeps the most recently used entries only", async () => {
    const dir = tempDir();
    const cache = { dir: join(dir, "cache"), keep: 2 };
    const paths = ["a", "b", "c"].map((name) => join(dir, `${name}.c1z`));
    for (const [index, path] of paths.entries()) {
      await writeFile(path);
      const file = await C1zFile.open(path, { readOnly: true, cache });
      const entry = file.database.databasePath;
      file.close();
      const at = new Date(Date.now() - (10 - index) * 1000); // distinct use times, oldest first
      utimesSync(entry, at, at);
    }
    expect(readdirSync(join(cache.dir, "c1z-v1"))).toHaveLength(2);
    const reopened = await C1zFile.open(paths[0] ?? "", { readOnly: true, cache });
    reopened.close();
    expect(readdirSync(join(cache.dir, "c1z-v1"))).toHaveLength(2);
  });

  it("reports a file that is not a c1z, leaving nothing in the cache", async () => {
    const dir = tempDir();
    const path = join(dir, "not.c1z");
    writeFileSync(path, "hello, this is text");
    const cache = { dir: join(dir, "cache") };
    await expect(C1zFile.open(path, { readOnly: true, cache })).rejects.toThrow(C1zFormatError);
    expect(readdirSync(join(cache.dir, "c1z-v1"))).toEqual([]);
    await expect(C1zFile.open(path, { cache })).rejects.toThrow(/read-only/);
  });
});
