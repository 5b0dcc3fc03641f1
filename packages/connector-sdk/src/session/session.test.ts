import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../../test/support/files.js";
import { MAX_SESSION_KEY_LENGTH } from "../contract/session.js";
import { SyncSession } from "../engine/sync-session.js";
import { ContractError } from "../errors.js";
import { memorySession } from "./memory-session.js";

const tempDir = useTempDir();

describe("a session store (in memory)", () => {
  it("gets, sets, deletes and clears JSON values, typed by the caller", async () => {
    const session = memorySession();
    await session.set("roles", [{ id: "r1", name: "Admin" }]);
    const roles = await session.get<{ id: string; name: string }[]>("roles");
    expect(roles?.[0]?.name).toBe("Admin");
    // Stored as JSON: a later change of the caller's object does not reach the store.
    roles?.push({ id: "r2", name: "Viewer" });
    expect(await session.get("roles")).toHaveLength(1);

    await session.setMany([
      ["a", 1],
      ["b", { deep: [true, null] }],
      ["c", "text"],
    ]);
    expect(await session.getMany(["a", "b", "missing"])).toEqual(
      new Map<string, unknown>([
        ["a", 1],
        ["b", { deep: [true, null] }],
      ]),
    );
    await session.delete(["a", "c"]);
    await session.set("b", undefined);
    expect(await session.getMany(["a", "b", "c"])).toEqual(new Map());
    await session.clear();
    expect(await session.get("roles")).toBeUndefined();
  });

  it("keeps prefixed views apart; clearing a view clears only its keys", async () => {
    const session = memorySession();
    const users = session.withPrefix("perm:user:");
    const groups = session.withPrefix("perm:group:");
    await users.set("u1", ["admin"]);
    await groups.set("u1", ["viewer"]);
    await session.set("workspace", "w1");
    expect(await session.get("perm:user:u1")).toEqual(["admin"]);
    expect(await users.withPrefix("u").get("1")).toEqual(["admin"]);
    await users.clear();
    expect(await users.get("u1")).toBeUndefined();
    expect(await groups.get("u1")).toEqual(["viewer"]);
    expect(await session.get("workspace")).toBe("w1");
    // A key set after a clear is there again.
    await users.set("u2", []);
    expect(await users.get("u2")).toEqual([]);
  });

  it("refuses what it cannot store, naming the key, and stores nothing of a bad setMany", async () => {
    const session = memorySession();
    await expect(session.set("", 1)).rejects.toThrow(ContractError);
    await expect(session.set("k".repeat(MAX_SESSION_KEY_LENGTH + 1), 1)).rejects.toThrow(/the limit is 1024/);
    await expect(session.set("fn", () => 1)).rejects.toThrow(
      /session value of "fn" is a function; store JSON data/,
    );
    await expect(session.set("big", 10n)).rejects.toThrow(/session value of "big" cannot be stored as JSON/);
    await expect(
      session.setMany([
        ["ok", 1],
        ["bad", () => 1],
      ]),
    ).rejects.toThrow(ContractError);
    expect(await session.get("ok")).toBeUndefined();
  });
});

describe("a sync's session", () => {
  const open = async () => {
    const file = await C1zFile.open(join(tempDir(), "sync.c1z"));
    const { syncId } = file.startOrResumeSync();
    file.database.sessions.open();
    return { file, syncId };
  };

  it("shows a call its own writes at once, other calls only once its page is done, the store once written", async () => {
    const { file, syncId } = await open();
    try {
      const session = new SyncSession(file.database.sessions, syncId);
      const first = session.forCall();
      const second = session.forCall();
      await first.view.set("k", "from the first call");
      expect(await first.view.get("k")).toBe("from the first call");
      expect(await second.view.get("k")).toBeUndefined();

      first.commit();
      expect(await second.view.get("k")).toBe("from the first call");
      expect(file.database.sessions.get(syncId, "k")).toBeUndefined();
      expect(session.pendingWrites.entries).toBe(1);

      file.transaction(() => session.write());
      session.written();
      expect(file.database.sessions.get(syncId, "k")).toBe('"from the first call"');
      expect(session.pendingWrites.entries).toBe(0);

      // A call whose page never commits leaves nothing, not even its clears.
      const abandoned = session.forCall();
      await abandoned.view.clear();
      await abandoned.view.set("other", 1);
      expect(await abandoned.view.get("k")).toBeUndefined();
      expect(await session.forCall().view.get("k")).toBe("from the first call");
      expect(await session.forCall().view.get("other")).toBeUndefined();
    } finally {
      file.close();
    }
  });

  it("applies a call's clears before its later sets, down to the stored rows", async () => {
    const { file, syncId } = await open();
    try {
      const session = new SyncSession(file.database.sessions, syncId);
      const seed = session.forCall();
      await seed.view.setMany([
        ["perm:u1", 1],
        ["perm:u2", 2],
        ["keep", 3],
      ]);
      seed.commit();
      file.transaction(() => session.write());
      session.written();

      const call = session.forCall();
      const perm = call.view.withPrefix("perm:");
      await perm.set("u3", 33);
      await perm.clear();
      await perm.set("u4", 4);
      expect(await perm.getMany(["u1", "u2", "u3", "u4"])).toEqual(new Map([["u4", 4]]));
      call.commit();
      file.transaction(() => session.write());
      session.written();
      const reader = session.forCall().view;
      expect(await reader.getMany(["perm:u1", "perm:u2", "perm:u3", "perm:u4", "keep"])).toEqual(
        new Map([
          ["perm:u4", 4],
          ["keep", 3],
        ]),
      );
      expect(file.database.sessions.count(syncId)).toBe(2);
    } finally {
      file.close();
    }
  });

  it("keeps its cache within bounds and reads through it correctly", async () => {
    const { file, syncId } = await open();
    try {
      const session = new SyncSession(file.database.sessions, syncId, { cacheEntries: 10, cacheBytes: 4096 });
      const writer = session.forCall();
      await writer.view.setMany(Array.from({ length: 100 }, (_, i) => [`k${i}`, `value ${i}`] as const));
      writer.commit();
      file.transaction(() => session.write());
      session.written();
      const reader = session.forCall().view;
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < 100; i += 1) expect(await reader.get(`k${i}`)).toBe(`value ${i}`);
      }
      const cache = (session as unknown as { cache: Map<string, unknown>; cachedBytes: number }).cache;
      expect(cache.size).toBeLessThanOrEqual(10);
      expect((session as unknown as { cachedBytes: number }).cachedBytes).toBeLessThanOrEqual(4096);
    } finally {
      file.close();
    }
  });
});
