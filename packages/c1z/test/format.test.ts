import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { zstdDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { C1zFile, readC1zHeader } from "../src/index.js";
import { entitlement, grant, resource, resourceType } from "./fixtures.js";
import { useTempDir } from "./helpers.js";
import { message, resourceId } from "./wire.js";

const tempDir = useTempDir();

// The columns of baton-sdk's c1z v1 tables (pkg/dotc1z), written out independently of src/schema.ts.
const DOCUMENTED_COLUMNS: Record<string, string[]> = {
  v1_resource_types: [
    "id integer pk",
    "external_id text NN",
    "data blob NN",
    "sync_id text NN",
    "discovered_at datetime NN",
  ],
  v1_resources: [
    "id integer pk",
    "resource_type_id text NN",
    "external_id text NN",
    "parent_resource_type_id text",
    "parent_resource_id text",
    "data blob NN",
    "sync_id text NN",
    "discovered_at datetime NN",
  ],
  v1_entitlements: [
    "id integer pk",
    "resource_type_id text NN",
    "resource_id text NN",
    "external_id text NN",
    "data blob NN",
    "sync_id text NN",
    "discovered_at datetime NN",
  ],
  v1_grants: [
    "id integer pk",
    "resource_type_id text NN",
    "resource_id text NN",
    "entitlement_id text NN",
    "principal_resource_type_id text NN",
    "principal_resource_id text NN",
    "external_id text NN",
    "data blob NN",
    "sync_id text NN",
    "discovered_at datetime NN",
  ],
  v1_sync_runs: [
    "id integer pk",
    "sync_id text NN",
    "started_at datetime NN",
    "ended_at datetime",
    "sync_token text NN",
  ],
  v1_assets: [
    "id integer pk",
    "external_id text NN",
    "content_type text NN",
    "data blob NN",
    "sync_id text NN",
    "discovered_at datetime NN",
  ],
};

const DOCUMENTED_INDEXES = [
  "v1_resource_types idx_resource_types_external_sync_v1 UNIQUE (external_id, sync_id)",
  "v1_resources idx_resources_resource_type_id_v1 (resource_type_id)",
  "v1_resources idx_resources_external_sync_v1 (parent_resource_type_id, parent_resource_id)",
  "v1_resources idx_resources_parent_resource_id_v1 UNIQUE (external_id, sync_id)",
  "v1_entitlements idx_entitlements_resource_id_v1 (resource_type_id, resource_id)",
  "v1_entitlements idx_entitlements_external_sync_v1 UNIQUE (external_id, sync_id)",
  // No (resource_type_id, resource_id) index on grants: OLD's DDL reuses a taken name, so SQLite skips it.
  "v1_grants idx_grants_entitlement_id_v1 (entitlement_id)",
  "v1_grants idx_grants_principal_id_v1 (principal_resource_type_id, principal_resource_id)",
  "v1_grants idx_grants_external_sync_v1 UNIQUE (external_id, sync_id)",
  "v1_sync_runs idx_sync_runs_sync_id_v1 UNIQUE (sync_id)",
  "v1_assets idx_assets_external_sync_v1 UNIQUE (external_id, sync_id)",
].sort();

async function writeSample(path: string): Promise<string> {
  const file = await C1zFile.open(path);
  const { syncId } = file.startOrResumeSync();
  const group = resource("group", "g1");
  const member = entitlement(group, "member");
  file.putResourceTypes(syncId, [resourceType("user")]);
  file.putResources(syncId, [group, resource("user", "u1")]);
  file.putEntitlements(syncId, [member]);
  file.putGrants(syncId, [grant(member, resource("user", "u1"))]);
  file.endSync(syncId);
  await file.save();
  return syncId;
}

function decompressedDatabase(path: string, into: string): DatabaseSync {
  const raw = readFileSync(path);
  const dbPath = join(into, "decoded.db");
  const database = zstdDecompressSync(raw.subarray(5));
  writeFileSync(dbPath, database);
  return new DatabaseSync(dbPath, { readOnly: true });
}

describe("bytes we write", () => {
  it("start with the c1z magic and one zstd frame: 8 MiB window, checksum, no content size", async () => {
    const path = join(tempDir(), "sync.c1z");
    await writeSample(path);
    const raw = readFileSync(path);
    expect([...raw.subarray(0, 9)]).toEqual([0x43, 0x31, 0x5a, 0x46, 0x00, 0x28, 0xb5, 0x2f, 0xfd]);
    const header = await readC1zHeader(path);
    expect(header).toEqual({
      format: "c1z-v1",
      zstdFrame: { windowSize: 8 * 1024 * 1024, checksum: true, singleSegment: false },
    });
  });

  it("hold a rollback-journal SQLite database whose schema is the documented one", async () => {
    const dir = tempDir();
    const path = join(dir, "sync.c1z");
    await writeSample(path);
    const decoded = zstdDecompressSync(readFileSync(path).subarray(5));
    expect(decoded.subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
    // File format bytes 18/19 are 1 for rollback journals and 2 for WAL.
    expect([decoded[18], decoded[19]]).toEqual([1, 1]);
    // New files use 16 KiB pages (bytes 16-17, big-endian); any SQLite page size is a valid c1z.
    expect(decoded.readUInt16BE(16)).toBe(16 * 1024);
    // The work DB ran in WAL mode; nothing of it is left next to the file.
    expect(readdirSync(dir)).toEqual(["sync.c1z"]);

    const db = decompressedDatabase(path, dir);
    try {
      const tables = db
        .prepare("select name from sqlite_master where type = 'table' order by rowid")
        .all()
        .map((row) => row.name);
      expect(tables).toEqual(Object.keys(DOCUMENTED_COLUMNS));
      for (const [table, columns] of Object.entries(DOCUMENTED_COLUMNS)) {
        const actual = db
          .prepare(`select name, type, "notnull" as nn, pk from pragma_table_info('${table}') order by cid`)
          .all()
          .map((c) => `${c.name} ${String(c.type).toLowerCase()}${c.pk ? " pk" : ""}${c.nn ? " NN" : ""}`);
        expect(actual, table).toEqual(columns);
      }
      const indexes: string[] = [];
      for (const table of Object.keys(DOCUMENTED_COLUMNS)) {
        for (const index of db
          .prepare(`select name, "unique" as u, origin from pragma_index_list('${table}')`)
          .all()) {
          if (index.origin !== "c") continue;
          const columns = db
            .prepare(`select name from pragma_index_info('${index.name}') order by seqno`)
            .all()
            .map((c) => c.name);
          indexes.push(`${table} ${index.name} ${index.u ? "UNIQUE " : ""}(${columns.join(", ")})`);
        }
      }
      expect(indexes.sort()).toEqual(DOCUMENTED_INDEXES);
    } finally {
      db.close();
    }
  });

  it("store Baton's external ids, denormalised columns and protobuf data", async () => {
    const dir = tempDir();
    const path = join(dir, "sync.c1z");
    const syncId = await writeSample(path);
    const db = decompressedDatabase(path, dir);
    try {
      const row = db.prepare("select * from v1_grants").get();
      expect(row).toMatchObject({
        resource_type_id: "group",
        resource_id: "g1",
        entitlement_id: "group:g1:member",
        principal_resource_type_id: "user",
        principal_resource_id: "u1",
        external_id: "group:g1:member:user:u1",
        sync_id: syncId,
      });
      expect(String(row?.discovered_at)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d*[1-9])?$/);
      // The same grant encoded by an independent wire writer, fields in number order.
      const expected = message(
        [1, message([1, message([1, resourceId("group", "g1")])], [2, "group:g1:member"])],
        [2, message([1, resourceId("user", "u1")])],
        [3, "group:g1:member:user:u1"],
      );
      expect(new Uint8Array(row?.data as Uint8Array)).toEqual(expected);
      expect(
        db
          .prepare("select external_id from v1_resources order by id")
          .all()
          .map((r) => r.external_id),
      ).toEqual(["group:g1", "user:u1"]);
      const run = db.prepare("select * from v1_sync_runs").get();
      expect(run?.sync_id).toBe(syncId);
      expect(String(run?.sync_id)).toMatch(/^[0-9A-Za-z]{27}$/);
      expect(run?.ended_at).not.toBeNull();
    } finally {
      db.close();
    }
  });
});
