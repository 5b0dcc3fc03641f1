import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bytes, text, useTempDir } from "../test/helpers.js";
import { C1zDatabase } from "./c1z-database.js";
import { C1zUsageError } from "./errors.js";
import type { GrantRow } from "./rows.js";

const tempDir = useTempDir();

function grantRow(index: number, entitlement = "group:g1:member"): GrantRow {
  return {
    externalId: `${entitlement}:user:u${index}`,
    resourceTypeId: "group",
    resourceId: "g1",
    entitlementId: entitlement,
    principalResourceTypeId: "user",
    principalResourceId: `u${index}`,
    data: bytes(`grant ${index}`),
  };
}

describe("C1zDatabase (row level)", () => {
  it("round-trips rows through save and a read-only open", async () => {
    const path = join(tempDir(), "sync.c1z");
    const file = await C1zDatabase.open(path);
    const { syncId, resumed } = file.startOrResumeSync();
    expect(resumed).toBe(false);
    file.rows.putResourceTypeRows(syncId, [{ externalId: "user", data: bytes("rt user") }]);
    file.rows.putResourceRows(syncId, [
      { externalId: "group:g1", resourceTypeId: "group", data: bytes("group g1") },
      {
        externalId: "user:u1",
        resourceTypeId: "user",
        parentResourceTypeId: "org",
        parentResourceId: "o1",
        data: bytes("user u1"),
      },
    ]);
    file.rows.putEntitlementRows(syncId, [
      { externalId: "group:g1:member", resourceTypeId: "group", resourceId: "g1", data: bytes("ent") },
    ]);
    file.rows.putGrantRows(syncId, [grantRow(1)]);
    file.rows.putAssetRows(syncId, [{ externalId: "icon", data: bytes("png") }]);
    file.endSync(syncId);
    await file.save();
    expect(file.closed).toBe(true);
    expect(existsSync(`${path}.work.db`)).toBe(false);
    expect(existsSync(`${path}.work.json`)).toBe(false);

    const reader = await C1zDatabase.open(path, { readOnly: true, tempDir: tempDir() });
    try {
      expect(reader.readerSyncId()).toBe(syncId);
      expect(text(reader.rows.getData("resourceTypes", "user", syncId))).toBe("rt user");
      expect(text(reader.rows.getData("resources", "user:u1", syncId))).toBe("user u1");
      expect(text(reader.rows.getData("grants", "group:g1:member:user:u1", syncId))).toBe("grant 1");
      expect(reader.rows.getAsset("icon", syncId)).toEqual({ contentType: "unknown", data: bytes("png") });
      expect(reader.rows.counts(syncId)).toEqual({
        resourceTypes: 1,
        resources: 2,
        entitlements: 1,
        grants: 1,
        assets: 1,
      });
      expect(reader.rows.resourcesByType(syncId)).toEqual({ group: 1, user: 1 });
      const children = reader.rows.list("resources", syncId, {
        parent: { resourceType: "org", resource: "o1" },
      });
      expect(children.rows.map(text)).toEqual(["user u1"]);
      expect(() => reader.startOrResumeSync()).toThrow(C1zUsageError);
    } finally {
      reader.close();
    }
  });

  it("upserts replace only data, keeping the first id, discovered_at and columns", async () => {
    const file = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    file.rows.putGrantRows(syncId, [grantRow(1), grantRow(2)]);
    const before = file.sql.db
      .prepare("select id, discovered_at, principal_resource_id from v1_grants where external_id = ?")
      .get("group:g1:member:user:u1");
    await new Promise((resolve) => setTimeout(resolve, 5));
    file.rows.putGrantRows(syncId, [
      { ...grantRow(1), principalResourceId: "changed", data: bytes("new data") },
    ]);
    // The first sync of a file writes grants in bulk mode (plain appends); the upserts take effect when
    // grants are read or saved. Raw SQL bypasses that, so settle first.
    file.rows.ensureIndexes();
    const after = file.sql.db
      .prepare("select id, discovered_at, principal_resource_id, data from v1_grants where external_id = ?")
      .get("group:g1:member:user:u1");
    expect(after).toMatchObject({ ...before, data: bytes("new data") });
    expect(file.rows.counts(syncId).grants).toBe(2);
    file.close();
  });

  it("bulk mode: a first sync appends grants, then merges duplicates like upserts before any read", async () => {
    const file = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    file.rows.putGrantRows(syncId, [grantRow(1), grantRow(2)]);
    expect(file.rows.bulkGrants).toBe(true);
    const first = file.sql.db
      .prepare("select id, discovered_at from v1_grants where external_id = ?")
      .get("group:g1:member:user:u1");
    file.rows.putGrantRows(syncId, [
      { ...grantRow(1), principalResourceId: "changed", data: bytes("second") },
      grantRow(3),
    ]);
    file.rows.putGrantRows(syncId, [{ ...grantRow(1), data: bytes("third") }]);
    // Appended as they came: four rows hold key u1 three times, no unique index yet.
    expect(file.sql.db.prepare("select count(*) as n from v1_grants").get()?.n).toBe(5);

    // A read settles: one row per key, the first row's id/discovered_at/columns, the last row's data.
    expect(text(file.rows.getData("grants", "group:g1:member:user:u1", syncId))).toBe("third");
    expect(file.rows.bulkGrants).toBe(false);
    expect(
      file.sql.db
        .prepare("select id, discovered_at, principal_resource_id from v1_grants where external_id = ?")
        .all("group:g1:member:user:u1"),
    ).toEqual([{ ...first, principal_resource_id: "u1" }]);
    expect(file.rows.counts(syncId).grants).toBe(3);
    expect(file.rows.list("grants", syncId, {}).rows.map(text)).toEqual(["third", "grant 2", "grant 3"]);

    // After a read, writes upsert again (the unique index stays).
    file.rows.putGrantRows(syncId, [{ ...grantRow(2), data: bytes("upserted") }]);
    expect(file.rows.bulkGrants).toBe(false);
    expect(text(file.rows.getData("grants", "group:g1:member:user:u2", syncId))).toBe("upserted");
    expect(file.rows.counts(syncId).grants).toBe(3);
    file.close();
  });

  it("bulk mode survives a reopen (resume) and a rolled-back transaction, and save builds every index", async () => {
    const path = join(tempDir(), "sync.c1z");
    const first = await C1zDatabase.open(path);
    const { syncId } = first.startOrResumeSync();
    first.rows.putGrantRows(syncId, [grantRow(1)]);
    first.close(); // as if killed: the work DB keeps the bulk-mode rows

    const resumed = await C1zDatabase.open(path);
    expect(resumed.startOrResumeSync().resumed).toBe(true);
    expect(resumed.rows.bulkGrants).toBe(true);
    resumed.rows.putGrantRows(syncId, [{ ...grantRow(1), data: bytes("again") }]);
    // A transaction that builds the indexes and then fails leaves bulk mode as it was.
    expect(() =>
      resumed.transaction(() => {
        resumed.rows.ensureIndexes();
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(resumed.rows.bulkGrants).toBe(true);
    resumed.rows.putGrantRows(syncId, [grantRow(2)]);
    resumed.endSync(syncId);
    await resumed.save();

    const reader = await C1zDatabase.open(path, { readOnly: true });
    try {
      const indexes = reader.sql.db
        .prepare(
          "select name from sqlite_master where type = 'index' and tbl_name = 'v1_grants' order by name",
        )
        .all()
        .map((row) => row.name);
      expect(indexes).toEqual([
        "idx_grants_entitlement_id_v1",
        "idx_grants_external_sync_v1",
        "idx_grants_principal_id_v1",
      ]);
      expect(reader.rows.counts(syncId).grants).toBe(2);
      expect(text(reader.rows.getData("grants", "group:g1:member:user:u1", syncId))).toBe("again");
    } finally {
      reader.close();
    }
  });

  it("runs the work DB in WAL mode (NORMAL by default, FULL on request) and saves a rollback-journal DB", async () => {
    const path = join(tempDir(), "sync.c1z");
    for (const synchronous of [undefined, "FULL"] as const) {
      const file = await C1zDatabase.open(path, synchronous ? { synchronous } : {});
      expect(file.sql.db.prepare("pragma journal_mode").get()?.journal_mode).toBe("wal");
      // 1 = NORMAL, 2 = FULL
      expect(file.sql.db.prepare("pragma synchronous").get()?.synchronous).toBe(synchronous ? 2 : 1);
      const { syncId } = file.startOrResumeSync();
      file.rows.putGrantRows(syncId, [grantRow(1)]);
      file.endSync(syncId);
      await file.save();
      expect(existsSync(`${path}.work.db-wal`)).toBe(false);
    }
    const reader = await C1zDatabase.open(path, { readOnly: true });
    try {
      expect(reader.sql.db.prepare("pragma journal_mode").get()?.journal_mode).toBe("delete");
      expect(reader.listSyncs()).toHaveLength(2);
    } finally {
      reader.close();
    }
  });

  it("later syncs of a file keep the grant indexes and upsert", async () => {
    const path = join(tempDir(), "sync.c1z");
    const first = await C1zDatabase.open(path);
    const sync1 = first.startOrResumeSync().syncId;
    first.rows.putGrantRows(sync1, [grantRow(1)]);
    first.endSync(sync1);
    await first.save();
    const second = await C1zDatabase.open(path);
    const sync2 = second.startOrResumeSync().syncId;
    second.rows.putGrantRows(sync2, [grantRow(1), { ...grantRow(1), data: bytes("updated") }]);
    expect(second.rows.bulkGrants).toBe(false);
    expect(second.sql.db.prepare("select count(*) as n from v1_grants").get()?.n).toBe(2);
    expect(text(second.rows.getData("grants", "group:g1:member:user:u1", sync2))).toBe("updated");
    second.close();
  });

  it("pages with Baton's row-id tokens and filters", async () => {
    const file = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    file.rows.putGrantRows(syncId, [
      ...Array.from({ length: 25 }, (_, index) => grantRow(index)),
      ...Array.from({ length: 5 }, (_, index) => grantRow(index, "group:g1:admin")),
    ]);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = file.rows.list("grants", syncId, { entitlementId: "group:g1:member" }, token, 10);
      seen.push(...page.rows.map((row) => text(row) ?? ""));
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, index) => `grant ${index}`));
    expect(
      file.rows.list("grants", syncId, { principal: { resourceType: "user", resource: "u3" } }).rows,
    ).toHaveLength(2);
    expect([...file.rows.iterate("grants", syncId, { entitlementId: "group:g1:admin" })]).toHaveLength(5);
    expect(() => file.rows.list("grants", syncId, {}, "not-a-token")).toThrow(/invalid page token/);
    file.close();
  });

  it("starts, checkpoints, resumes and ends sync runs; readers prefer the latest finished sync", async () => {
    const path = join(tempDir(), "sync.c1z");
    const file = await C1zDatabase.open(path);
    const first = file.startOrResumeSync();
    file.checkpoint(first.syncId, '{"actions":[]}');
    file.endSync(first.syncId);
    const second = file.startOrResumeSync();
    expect(second.syncId).not.toBe(first.syncId);
    file.checkpoint(second.syncId, "page-7");
    expect(file.readerSyncId()).toBe(second.syncId); // the running sync
    file.close();

    const again = await C1zDatabase.open(path);
    expect(again.readerSyncId()).toBe(first.syncId); // latest finished, not the unfinished one
    expect(again.startOrResumeSync()).toEqual({ syncId: second.syncId, token: "page-7", resumed: true });
    expect(() => again.checkpoint(first.syncId, "x")).toThrow(/finished/);
    expect(() => again.checkpoint("nope", "x")).toThrow(/no sync run/);
    again.endSync(second.syncId);
    expect(again.latestFinishedSync()?.id).toBe(second.syncId);
    expect(again.listSyncs().map((run) => run.id)).toEqual([first.syncId, second.syncId]);
    expect(again.listSyncs().every((run) => run.endedAt instanceof Date)).toBe(true);
    again.close();
  });

  it("cleanup keeps the newest N finished syncs and honours BATON_SKIP_CLEANUP", async () => {
    const file = await C1zDatabase.open(join(tempDir(), "sync.c1z"), { env: {} });
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) {
      const { syncId } = file.startOrResumeSync();
      file.rows.putGrantRows(syncId, [grantRow(index)]);
      file.endSync(syncId);
      ids.push(syncId);
      await new Promise((resolve) => setTimeout(resolve, 3)); // distinct ended_at
    }
    const unfinished = file.startOrResumeSync().syncId;
    file.cleanup();
    expect(file.listSyncs().map((run) => run.id)).toEqual([ids[2], ids[3], unfinished]);
    expect(file.sql.db.prepare("select count(*) as n from v1_grants").get()?.n).toBe(2);
    file.cleanup({ keep: 1 });
    expect(file.listSyncs().map((run) => run.id)).toEqual([ids[3], unfinished]);
    expect(() => file.cleanup({ keep: 0 })).toThrow(/at least 1/);
    file.close();

    const skipping = await C1zDatabase.open(join(tempDir(), "skip.c1z"), {
      env: { BATON_SKIP_CLEANUP: "true" },
    });
    for (let index = 0; index < 3; index++) skipping.endSync(skipping.startOrResumeSync().syncId);
    skipping.cleanup();
    expect(skipping.listSyncs()).toHaveLength(3);
    skipping.close();

    const fromEnv = await C1zDatabase.open(join(tempDir(), "env.c1z"), {
      env: { BATON_KEEP_SYNC_COUNT: "1" },
    });
    for (let index = 0; index < 3; index++) fromEnv.endSync(fromEnv.startOrResumeSync().syncId);
    fromEnv.cleanup();
    expect(fromEnv.listSyncs()).toHaveLength(1);
    fromEnv.close();
  });

  it("reports dangling references from the denormalised columns", async () => {
    const file = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    file.rows.putResourceRows(syncId, [
      { externalId: "group:g1", resourceTypeId: "group", data: bytes("g1") },
      { externalId: "user:u1", resourceTypeId: "user", data: bytes("u1") },
    ]);
    file.rows.putEntitlementRows(syncId, [
      { externalId: "group:g1:member", resourceTypeId: "group", resourceId: "g1", data: bytes("e") },
      { externalId: "group:gone:member", resourceTypeId: "group", resourceId: "gone", data: bytes("e") },
    ]);
    file.rows.putGrantRows(syncId, [grantRow(1), grantRow(2), grantRow(3, "group:g9:member")]);
    expect(file.rows.integrityReport(syncId)).toEqual({
      grantsWithUnknownEntitlement: ["group:g9:member:user:u3"],
      grantsWithUnknownPrincipal: ["group:g1:member:user:u2", "group:g9:member:user:u3"],
      entitlementsWithUnknownResource: ["group:gone:member"],
    });
    expect(file.rows.integrityReport(syncId, 1).grantsWithUnknownPrincipal).toHaveLength(1);
    file.close();
  });

  it("diffs two syncs by external_id", async () => {
    const file = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    const base = file.startOrResumeSync().syncId;
    file.rows.putGrantRows(base, [grantRow(1), grantRow(2), grantRow(3)]);
    file.endSync(base);
    const applied = file.startOrResumeSync().syncId;
    file.rows.putGrantRows(applied, [
      grantRow(2),
      { ...grantRow(3), data: bytes("grant 3 v2") },
      grantRow(4),
    ]);
    const diff = file.rows.diff("grants", base, applied);
    expect([...diff.created].map(text)).toEqual(["grant 4"]);
    expect([...diff.deleted].map(text)).toEqual(["grant 1"]);
    expect([...diff.modified].map(({ base: b, applied: a }) => [text(b), text(a)])).toEqual([
      ["grant 3", "grant 3 v2"],
    ]);
    file.close();
  });

  it("transactions commit together, roll back together, and refuse async functions", async () => {
    const file = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    expect(() =>
      file.transaction(() => {
        file.rows.putGrantRows(syncId, [grantRow(1)]);
        file.checkpoint(syncId, "after page 1");
        throw new Error("connector failed");
      }),
    ).toThrow("connector failed");
    expect(file.rows.counts(syncId).grants).toBe(0);
    expect(file.syncRuns.get(syncId)?.token).toBe("");
    file.transaction(() => {
      file.rows.putGrantRows(syncId, [grantRow(1)]);
      expect(() =>
        file.transaction(() => {
          file.rows.putGrantRows(syncId, [grantRow(2)]);
          throw new Error("inner");
        }),
      ).toThrow("inner");
    });
    expect(file.rows.counts(syncId).grants).toBe(1);
    expect(() => file.transaction(async () => {})).toThrow(/synchronous/);
    expect(file.sql.db.isTransaction).toBe(false);
    file.close();
  });
});

describe("C1zDatabase persistence", () => {
  it("keeps committed work in the work DB and resumes it on the next open", async () => {
    const path = join(tempDir(), "sync.c1z");
    const file = await C1zDatabase.open(path);
    const { syncId } = file.startOrResumeSync();
    file.rows.putGrantRows(syncId, [grantRow(1)]);
    file.checkpoint(syncId, "token-1");
    file.close(); // no save: like a killed process
    expect(existsSync(path)).toBe(false);
    const again = await C1zDatabase.open(path);
    expect(again.warnings).toEqual([]);
    expect(again.startOrResumeSync()).toEqual({ syncId, token: "token-1", resumed: true });
    expect(again.rows.counts(syncId).grants).toBe(1);
    again.close();
  });

  it("discards a work DB whose c1z changed since, with a warning", async () => {
    const path = join(tempDir(), "sync.c1z");
    const first = await C1zDatabase.open(path);
    first.endSync(first.startOrResumeSync().syncId);
    await first.save();
    const saved = readFileSync(path);

    const interrupted = await C1zDatabase.open(path);
    interrupted.rows.putGrantRows(interrupted.startOrResumeSync().syncId, [grantRow(1)]);
    interrupted.close();
    // Someone replaces the c1z (e.g. another run saved) while the work DB waits.
    writeFileSync(path, saved);
    const mtime = statSync(path).mtimeMs;
    expect(mtime).toBeGreaterThan(0);

    const reopened = await C1zDatabase.open(path);
    expect(reopened.warnings).toHaveLength(1);
    expect(reopened.warnings[0]).toMatch(/changed since it was expanded/);
    expect(reopened.listSyncs()).toHaveLength(1);
    reopened.close();
  });

  it("discards a work DB without a sidecar (interrupted expansion)", async () => {
    const path = join(tempDir(), "sync.c1z");
    writeFileSync(`${path}.work.db`, "half-written");
    const file = await C1zDatabase.open(path);
    expect(file.warnings[0]).toMatch(/interrupted while expanding/);
    expect(file.listSyncs()).toEqual([]);
    file.close();
  });

  it("treats an empty file as a new, empty c1z and refuses writes after save", async () => {
    const path = join(tempDir(), "sync.c1z");
    writeFileSync(path, "");
    const file = await C1zDatabase.open(path);
    expect(file.listSyncs()).toEqual([]);
    file.endSync(file.startOrResumeSync().syncId);
    await file.save();
    expect(() => file.listSyncs()).toThrow(/closed/);
    const reader = await C1zDatabase.open(path, { readOnly: true });
    expect(reader.listSyncs()).toHaveLength(1);
    reader.close();
  });

  it("read-only opens need an existing file and remove their temp copy on close", async () => {
    const dir = tempDir();
    await expect(C1zDatabase.open(join(dir, "missing.c1z"), { readOnly: true })).rejects.toThrow(
      /no such c1z/,
    );
    const path = join(dir, "sync.c1z");
    const writer = await C1zDatabase.open(path);
    writer.endSync(writer.startOrResumeSync().syncId);
    await writer.save();
    const scratch = tempDir();
    const reader = await C1zDatabase.open(path, { readOnly: true, tempDir: scratch });
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(scratch)).toHaveLength(1);
    reader.close();
    expect(readdirSync(scratch)).toHaveLength(0);
    expect(existsSync(`${path}.work.db`)).toBe(false);
  });
});
