import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { zstdDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../test/helpers.js";
import { C1zDatabase } from "./c1z-database.js";
import { C1zUsageError } from "./errors.js";
import { C1Z_MAGIC } from "./header.js";
import { SESSION_TABLE } from "./session-rows.js";

const tempDir = useTempDir();

/** The saved c1z's database, decompressed: what Baton's readers (and anyone) would see. */
const savedDatabase = (path: string): Buffer =>
  zstdDecompressSync(readFileSync(path).subarray(C1Z_MAGIC.length));

describe("SessionRows", () => {
  it("stores, overwrites and deletes values per sync and per key prefix", async () => {
    const db = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    try {
      const { syncId } = db.startOrResumeSync();
      db.sessions.open();
      const other = "another-sync";
      db.sessions.put(syncId, [
        ["perm:user:u1", "[1]"],
        ["perm:user:u2", "[2]"],
        ["perm:group:g1", "[3]"],
        ["perm%_*[x", "odd"],
        ["perm%_*[xy", "odd too"],
        ["permanent", "not under perm:"],
        ["ünïcode:é", "é"],
      ]);
      db.sessions.put(other, [["perm:user:u1", "other sync"]]);
      db.sessions.put(syncId, [["perm:user:u1", "[1, 1]"]]);
      expect(db.sessions.get(syncId, "perm:user:u1")).toBe("[1, 1]");
      expect(db.sessions.get(syncId, "ünïcode:é")).toBe("é");
      expect(db.sessions.get(syncId, "missing")).toBeUndefined();

      db.sessions.deletePrefix(syncId, "perm:user:");
      expect(db.sessions.get(syncId, "perm:user:u1")).toBeUndefined();
      expect(db.sessions.get(syncId, "perm:user:u2")).toBeUndefined();
      expect(db.sessions.get(syncId, "perm:group:g1")).toBe("[3]");
      expect(db.sessions.get(syncId, "permanent")).toBe("not under perm:");
      // LIKE and GLOB wildcards in a prefix are plain characters.
      db.sessions.deletePrefix(syncId, "perm%_*[x");
      expect(db.sessions.get(syncId, "perm%_*[x")).toBeUndefined();
      expect(db.sessions.get(syncId, "perm%_*[xy")).toBeUndefined();
      expect(db.sessions.get(syncId, "permanent")).toBe("not under perm:");
      db.sessions.deletePrefix(syncId, "ünï");
      expect(db.sessions.get(syncId, "ünïcode:é")).toBeUndefined();

      db.sessions.delete(syncId, ["perm:group:g1"]);
      expect(db.sessions.count(syncId)).toBe(1);
      expect(db.sessions.get(other, "perm:user:u1")).toBe("other sync");
      db.sessions.deletePrefix(syncId, "");
      expect(db.sessions.count(syncId)).toBe(0);
      expect(db.sessions.count(other)).toBe(1);
    } finally {
      db.close();
    }
  });

  it("commits with the transaction it is written in, and a resumed open sees exactly that", async () => {
    const path = join(tempDir(), "sync.c1z");
    const first = await C1zDatabase.open(path);
    const { syncId } = first.startOrResumeSync();
    first.sessions.open();
    first.transaction(() => {
      first.sessions.put(syncId, [["kept", "1"]]);
      first.checkpoint(syncId, "page 1");
    });
    expect(() =>
      first.transaction(() => {
        first.sessions.put(syncId, [["lost", "2"]]);
        first.checkpoint(syncId, "page 2");
        throw new Error("the page failed");
      }),
    ).toThrow("the page failed");
    first.close(); // as a killed process would leave it: the work DB stays

    const resumed = await C1zDatabase.open(path);
    try {
      const again = resumed.startOrResumeSync();
      expect(again).toMatchObject({ syncId, resumed: true, token: "page 1" });
      resumed.sessions.open();
      expect(resumed.sessions.get(syncId, "kept")).toBe("1");
      expect(resumed.sessions.get(syncId, "lost")).toBeUndefined();
    } finally {
      resumed.close();
    }
  });

  it("refuses to create its table inside a transaction", async () => {
    const db = await C1zDatabase.open(join(tempDir(), "sync.c1z"));
    try {
      const { syncId } = db.startOrResumeSync();
      expect(() => db.transaction(() => db.sessions.put(syncId, [["k", "v"]]))).toThrow(C1zUsageError);
    } finally {
      db.close();
    }
  });

  it("never reaches the saved c1z: ended syncs lose their session, save drops the table and zeroes it", async () => {
    const path = join(tempDir(), "sync.c1z");
    const db = await C1zDatabase.open(path);
    const { syncId } = db.startOrResumeSync();
    db.sessions.open();
    // Enough values to fill pages, then overwrite and delete some mid-sync, as a connector would.
    const marker = (index: number) => `SESSION-MARKER-${index}-${"x".repeat(200)}`;
    db.transaction(() =>
      db.sessions.put(
        syncId,
        Array.from({ length: 2000 }, (_, index) => [`key:${index}`, marker(index)] as const),
      ),
    );
    db.transaction(() => db.sessions.deletePrefix(syncId, "key:1"));
    db.transaction(() => db.sessions.put(syncId, [["key:2", marker(-1)]]));
    db.rows.putResourceTypeRows(syncId, [{ externalId: "user", data: new TextEncoder().encode("user") }]);
    db.endSync(syncId);
    expect(db.sessions.count(syncId)).toBe(0);
    await db.save();

    const saved = savedDatabase(path);
    expect(saved.includes("SESSION-MARKER")).toBe(false);
    expect(saved.includes(SESSION_TABLE)).toBe(false);
    const copy = join(tempDir(), "saved.db");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(copy, saved);
    const check = new DatabaseSync(copy, { readOnly: true });
    try {
      const tables = check.prepare("select name from sqlite_master where type = 'table'").all();
      expect(tables.map((row) => row.name)).not.toContain(SESSION_TABLE);
    } finally {
      check.close();
    }
  });
});
