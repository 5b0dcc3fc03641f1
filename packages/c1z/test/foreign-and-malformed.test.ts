import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { constants, zstdCompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { C1zFile, C1zFormatError } from "../src/index.js";
import { useTempDir } from "./helpers.js";
import { message, resourceId } from "./wire.js";

const tempDir = useTempDir();
const MAGIC = Buffer.from("C1ZF\0", "latin1");

/** Builds a c1z the way OLD does, from SQL written here from the spec; zstd with a checksum like klauspost's. */
function writeForeignC1z(dir: string, populate: (db: DatabaseSync) => void): string {
  const dbPath = join(dir, "foreign.db");
  const db = new DatabaseSync(dbPath);
  populate(db);
  db.close();
  const path = join(dir, "foreign.c1z");
  const compressed = zstdCompressSync(readFileSync(dbPath), {
    params: { [constants.ZSTD_c_checksumFlag]: 1 },
  });
  writeFileSync(path, Buffer.concat([MAGIC, compressed]));
  return path;
}

const OLD_DDL = `
create table if not exists v1_resource_types (id integer primary key, external_id text not null, data blob not null, sync_id text not null, discovered_at datetime not null);
create unique index if not exists idx_resource_types_external_sync_v1 on v1_resource_types (external_id, sync_id);
create table if not exists v1_resources (id integer primary key, resource_type_id text not null, external_id text not null, parent_resource_type_id text, parent_resource_id text, data blob not null, sync_id text not null, discovered_at datetime not null);
create index if not exists idx_resources_resource_type_id_v1 on v1_resources (resource_type_id);
create index if not exists idx_resources_external_sync_v1 on v1_resources (parent_resource_type_id, parent_resource_id);
create unique index if not exists idx_resources_parent_resource_id_v1 on v1_resources (external_id, sync_id);
create table if not exists v1_entitlements (id integer primary key, resource_type_id text not null, resource_id text not null, external_id text not null, data blob not null, sync_id text not null, discovered_at datetime not null);
create index if not exists idx_entitlements_resource_id_v1 on v1_entitlements (resource_type_id, resource_id);
create unique index if not exists idx_entitlements_external_sync_v1 on v1_entitlements (external_id, sync_id);
create table if not exists v1_grants (id integer primary key, resource_type_id text not null, resource_id text not null, entitlement_id text not null, principal_resource_type_id text not null, principal_resource_id text not null, external_id text not null, data blob not null, sync_id text not null, discovered_at datetime not null);
create index if not exists idx_resource_types_external_sync_v1 on v1_grants (resource_type_id, resource_id);
create index if not exists idx_grants_entitlement_id_v1 on v1_grants (entitlement_id);
create index if not exists idx_grants_principal_id_v1 on v1_grants (principal_resource_type_id, principal_resource_id);
create unique index if not exists idx_grants_external_sync_v1 on v1_grants (external_id, sync_id);
create table if not exists v1_sync_runs (id integer primary key, sync_id text not null, started_at datetime not null, ended_at datetime, sync_token text not null);
create unique index if not exists idx_sync_runs_sync_id_v1 on v1_sync_runs (sync_id);
create table if not exists v1_assets (id integer primary key, external_id text not null, content_type text not null, data blob not null, sync_id text not null, discovered_at datetime not null);
create unique index if not exists idx_assets_external_sync_v1 on v1_assets (external_id, sync_id);
`;

const OLDER = "2Hbu9WGV3KWi4n3TaPt7nYXbB4F";
const NEWER = "2Hbu9ZLsvfqWVbB0pRQ0JuOsq6c";
const RUNNING = "2Hbu9cyZ7wr0jdkTpKQ8BR0PBX1";

function populateOld(db: DatabaseSync): void {
  db.exec(OLD_DDL);
  const at = "2024-05-01 12:34:56.123456789"; // OLD: nanoseconds, no zone
  const runs = db.prepare(
    "insert into v1_sync_runs (sync_id, started_at, ended_at, sync_token) values (?, ?, ?, ?)",
  );
  runs.run(OLDER, "2024-05-01 10:00:00.5", "2024-05-01 10:05:00.25", '{"actions":[]}');
  runs.run(
    NEWER,
    "2024-05-02 10:00:00",
    "2024-05-02 10:07:30.123456789",
    '{"current_action":{"operation":"grant-expansion"}}',
  );
  runs.run(RUNNING, "2024-05-03 10:00:00", null, "");
  for (const sync of [OLDER, NEWER]) {
    db.prepare(
      "insert into v1_resource_types (external_id, data, sync_id, discovered_at) values (?, ?, ?, ?)",
    ).run("user", message([1, "user"], [2, "User"], [3, message()]), sync, at);
  }
  const team = message([1, resourceId("team", "t1")], [3, "Team One"]);
  const alice = message([1, resourceId("user", "alice")], [2, resourceId("team", "t1")], [3, "Alice"]);
  const resources = db.prepare(
    "insert into v1_resources (resource_type_id, external_id, parent_resource_type_id, parent_resource_id, data, sync_id, discovered_at) values (?, ?, ?, ?, ?, ?, ?)",
  );
  resources.run("team", "team:t1", null, null, team, NEWER, at);
  resources.run("user", "user:alice", "team", "t1", alice, NEWER, at);
  const owner = message([1, team], [2, "team:t1:owner"], [3, "Owner"], [7, 1], [8, "owner"]);
  db.prepare(
    "insert into v1_entitlements (resource_type_id, resource_id, external_id, data, sync_id, discovered_at) values (?, ?, ?, ?, ?, ?)",
  ).run("team", "t1", "team:t1:owner", owner, NEWER, at);
  const grantBytes = message(
    [1, message([1, message([1, resourceId("team", "t1")])], [2, "team:t1:owner"])],
    [2, message([1, resourceId("user", "alice")])],
    [3, "team:t1:owner:user:alice"],
  );
  db.prepare(
    "insert into v1_grants (resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, data, sync_id, discovered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ).run("team", "t1", "team:t1:owner", "user", "alice", "team:t1:owner:user:alice", grantBytes, NEWER, at);
}

describe("a c1z written by other means (Baton's layout)", () => {
  it("with a newer SDK's sync_type and parent_sync_id columns: read into SyncRun, with and without the cache", async () => {
    const dir = tempDir();
    const path = writeForeignC1z(dir, (db) => {
      populateOld(db);
      db.exec("alter table v1_sync_runs add column sync_type text not null default 'full'");
      db.exec("alter table v1_sync_runs add column parent_sync_id text not null default ''");
      db.prepare("update v1_sync_runs set sync_type = 'partial', parent_sync_id = ? where sync_id = ?").run(
        NEWER,
        RUNNING,
      );
    });
    for (const options of [{ readOnly: true }, { readOnly: true, cache: { dir: join(dir, "cache") } }]) {
      const file = await C1zFile.open(path, options);
      expect(file.listSyncs().map((run) => [run.id, run.type, run.parentSyncId])).toEqual([
        [OLDER, "full", undefined],
        [NEWER, "full", undefined],
        [RUNNING, "partial", NEWER],
      ]);
      expect(file.listResources({ search: "alice" }).items.map((item) => item.displayName)).toEqual([
        "Alice",
      ]);
      file.close();
    }
  });

  it("is read: latest finished sync, messages, filters and stats", async () => {
    const dir = tempDir();
    const path = writeForeignC1z(dir, populateOld);
    const file = await C1zFile.open(path, { readOnly: true });
    try {
      expect(file.latestFinishedSync()?.id).toBe(NEWER);
      expect(file.latestFinishedSync()?.endedAt?.toISOString()).toBe("2024-05-02T10:07:30.123Z");
      expect(file.readerSyncId()).toBe(NEWER);
      expect(file.listSyncs().map((run) => run.id)).toEqual([OLDER, NEWER, RUNNING]);
      expect(file.listSyncs()[1]?.token).toBe('{"current_action":{"operation":"grant-expansion"}}');
      const alice = file.getResource({ resourceType: "user", resource: "alice" });
      expect(alice?.displayName).toBe("Alice");
      expect(alice?.parentResourceId).toMatchObject({ resourceType: "team", resource: "t1" });
      const owner = file.getEntitlement("team:t1:owner");
      expect(owner).toMatchObject({ slug: "owner", purpose: 1, displayName: "Owner" });
      expect(owner?.resource?.displayName).toBe("Team One");
      const grants = file.listGrants({ principal: { resourceType: "user", resource: "alice" } }).items;
      expect(grants.map((item) => item.id)).toEqual(["team:t1:owner:user:alice"]);
      expect(grants[0]?.entitlement?.id).toBe("team:t1:owner");
      expect(file.listResources({ parent: { resourceType: "team", resource: "t1" } }).items).toHaveLength(1);
      expect(file.stats()).toEqual({
        resourceTypes: 1,
        resources: { team: 1, user: 1 },
        entitlements: 1,
        grants: 1,
      });
      expect(file.stats(OLDER)).toEqual({ resourceTypes: 1, resources: {}, entitlements: 0, grants: 0 });
      expect(file.getResourceType("user", OLDER)?.displayName).toBe("User");
    } finally {
      file.close();
    }
  });

  it("is resumed for writing: the unfinished sync continues with its token", async () => {
    const path = writeForeignC1z(tempDir(), populateOld);
    const file = await C1zFile.open(path);
    expect(file.startOrResumeSync()).toEqual({ syncId: RUNNING, token: "", resumed: true });
    file.close();
  });
});

describe("malformed files give clear errors naming the file", () => {
  async function openError(path: string, env: NodeJS.ProcessEnv = {}): Promise<C1zFormatError> {
    const error = await C1zFile.open(path, { readOnly: true, env }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(C1zFormatError);
    const formatError = error as C1zFormatError;
    expect(formatError.message.startsWith(path)).toBe(true);
    return formatError;
  }

  it("bad magic", async () => {
    const path = join(tempDir(), "bad.c1z");
    writeFileSync(path, Buffer.from("PK\x03\x04 a zip file"));
    expect((await openError(path)).message).toMatch(
      /not a c1z file: it must start with "C1ZF\\0" but starts with 50 4b 03 04/,
    );
  });

  it("a c1z of another format version", async () => {
    const path = join(tempDir(), "v3.c1z");
    writeFileSync(path, Buffer.from("C1Z3\0pebble data"));
    expect((await openError(path)).message).toMatch(/unsupported c1z format "C1Z3"/);
  });

  it("truncated zstd", async () => {
    const dir = tempDir();
    const whole = readFileSync(writeForeignC1z(dir, populateOld));
    const path = join(dir, "cut.c1z");
    writeFileSync(path, whole.subarray(0, whole.length - 200));
    expect((await openError(path)).message).toMatch(/truncated: the zstd stream ends early/);
  });

  it("corrupt zstd", async () => {
    const dir = tempDir();
    const bytes = Buffer.from(readFileSync(writeForeignC1z(dir, populateOld)));
    for (let index = 200; index < 260; index++) bytes[index] = (bytes[index] ?? 0) ^ 0x5a;
    const path = join(dir, "corrupt.c1z");
    writeFileSync(path, bytes);
    expect((await openError(path)).message).toMatch(/corrupt zstd stream/);
  });

  it("not SQLite inside", async () => {
    const path = join(tempDir(), "text.c1z");
    writeFileSync(
      path,
      Buffer.concat([MAGIC, zstdCompressSync(Buffer.from("just some text, not a database"))]),
    );
    expect((await openError(path)).message).toMatch(/payload is not a SQLite database/);
  });

  it("a SQLite database with other tables", async () => {
    const path = writeForeignC1z(tempDir(), (db) =>
      db.exec("create table users (id integer primary key, name text)"),
    );
    expect((await openError(path)).message).toMatch(/holds tables \(users\) but none of the c1z v1 tables/);
  });

  it("a v1 table missing columns, and a writable open leaves nothing behind", async () => {
    const path = writeForeignC1z(tempDir(), (db) =>
      db.exec("create table v1_grants (id integer primary key, external_id text, data blob)"),
    );
    expect((await openError(path)).message).toMatch(
      /table v1_grants lacks column\(s\) resource_type_id, resource_id/,
    );
    await expect(C1zFile.open(path)).rejects.toThrow(C1zFormatError);
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${path}.work.db`)).toBe(false);
  });

  it("a decoded size above BATON_DECODER_MAX_DECODED_SIZE_MB (zip bomb guard)", async () => {
    const path = writeForeignC1z(tempDir(), (db) => {
      db.exec(OLD_DDL);
      const insert = db.prepare(
        "insert into v1_assets (external_id, content_type, data, sync_id, discovered_at) values (?, ?, ?, ?, ?)",
      );
      insert.run(
        "big",
        "application/octet-stream",
        new Uint8Array(3 * 1024 * 1024),
        "s",
        "2024-01-01 00:00:00",
      );
    });
    expect(readFileSync(path).length).toBeLessThan(100_000); // compresses tiny, decodes big
    const error = await openError(path, { BATON_DECODER_MAX_DECODED_SIZE_MB: "1" });
    expect(error.message).toMatch(
      /larger than 1 MiB; if the file is trusted, raise BATON_DECODER_MAX_DECODED_SIZE_MB/,
    );
  });
});
