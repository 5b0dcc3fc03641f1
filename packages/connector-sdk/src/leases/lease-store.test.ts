import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { LeaseStore } from "./lease-store.js";
import { leaseTarget } from "./test-targets.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lease-store-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("LeaseStore", () => {
  it("keeps one open lease per grant, with the entitlement and principal whole, across a reopen", () => {
    const path = join(dir, "nested", "sync.leases.db");
    const store = LeaseStore.open(path);
    const first = store.begin({ ...leaseTarget(), now: 1_000, expiresAt: 61_000, reason: "ticket 42" });
    expect(first.kind).toBe("new");
    expect(first.lease).toMatchObject({
      grantId: "group:g1:member:user:u1",
      state: "granting",
      reason: "ticket 42",
    });
    const again = store.begin({ ...leaseTarget(), now: 2_000, expiresAt: 99_000 });
    expect(again).toMatchObject({ kind: "open", lease: { id: first.lease.id } });
    store.activate(first.lease.id);
    store.close();

    const reopened = LeaseStore.open(path);
    const [lease] = reopened.open();
    expect(lease).toMatchObject({ id: first.lease.id, state: "active", grantedAt: 1_000, expiresAt: 61_000 });
    expect(lease?.entitlement.displayName).toBe("Member");
    expect(lease?.principal.displayName).toBe("User u1");
    reopened.close();
  });

  it("extends to the later end only, and lists due leases soonest first", () => {
    const store = LeaseStore.open(join(dir, "l.db"));
    const a = store.begin({ ...leaseTarget("group:g1:member", "a"), now: 0, expiresAt: 500 }).lease;
    const b = store.begin({ ...leaseTarget("group:g1:member", "b"), now: 0, expiresAt: 300 }).lease;
    store.begin({ ...leaseTarget("group:g1:member", "c"), now: 0, expiresAt: 9_000 });
    expect(store.extend(a.id, 400, undefined).expiresAt).toBe(500);
    expect(store.extend(a.id, 800, "longer").expiresAt).toBe(800);
    expect(store.due(1_000).map((lease) => lease.id)).toEqual([b.id, a.id]);
    expect(store.due(100)).toEqual([]);
    store.close();
  });

  it("closes a lease once, and only while its end is the one the closer saw", () => {
    const store = LeaseStore.open(join(dir, "l.db"));
    const lease = store.begin({ ...leaseTarget(), now: 0, expiresAt: 100 }).lease;
    store.extend(lease.id, 200, undefined);
    expect(store.closeLease(lease.id, "expired", 150, 100)).toBe(false);
    expect(store.closeLease(lease.id, "expired", 250, 200)).toBe(true);
    expect(store.closeLease(lease.id, "revoked", 300)).toBe(false);
    expect(store.get(lease.id)).toMatchObject({ state: "closed", closedAs: "expired", closedAt: 250 });
    // A closed lease frees the grant for a new one.
    expect(store.begin({ ...leaseTarget(), now: 400, expiresAt: 500 }).kind).toBe("new");
    expect(store.all()).toHaveLength(2);
    store.close();
  });

  it("is a WAL database (a kill mid-write leaves the last commit)", () => {
    const store = LeaseStore.open(join(dir, "l.db"));
    store.close();
    const db = new DatabaseSync(join(dir, "l.db"));
    expect(db.prepare("pragma journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.close();
  });

  it("names the setting when the store cannot be opened", () => {
    const blocker = join(dir, "file");
    LeaseStore.open(blocker).close();
    expect(() => LeaseStore.open(join(blocker, "leases.db"))).toThrow(ConfigError);
    expect(() => LeaseStore.open(join(blocker, "leases.db"))).toThrow(/--lease-store \/ BATON_LEASE_STORE/);
  });
});
