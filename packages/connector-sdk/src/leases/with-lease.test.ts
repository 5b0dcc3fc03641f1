import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Grant } from "@baton-ts/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditRecord } from "../audit/audit-record.js";
import type { GrantOutcome, RevokeOutcome } from "../contract/provisioning.js";
import { ConnectorError } from "../errors.js";
import { currentWriteJournal } from "../http/write-journal.js";
import { createMemoryLogger } from "../log/memory-logger.js";
import { expireLeases } from "./expire-leases.js";
import { LeaseStore } from "./lease-store.js";
import { leaseTarget } from "./test-targets.js";
import { closeLeaseAfterRevoke, grantUnderLease } from "./with-lease.js";

/** A tenant's access as a set of grant ids, and a connector's grant and revoke over it. */
const tenant = () => {
  const held = new Set<string>();
  const write = (path: string) =>
    currentWriteJournal()?.record({ service: "Fake", method: "POST", path, sent: true, status: 200 });
  return {
    held,
    grant: (id: string) => async (): Promise<GrantOutcome> => {
      if (held.has(id)) return { kind: "already-exists" };
      write(`/grant/${id}`);
      held.add(id);
      return { kind: "granted" };
    },
    revoke: async (grant: Grant): Promise<RevokeOutcome> => {
      if (!held.delete(grant.id)) return { kind: "already-revoked" };
      write(`/revoke/${grant.id}`);
      return { kind: "revoked" };
    },
  };
};

const GRANT = "group:g1:member:user:u1";
let dir: string;
let store: LeaseStore;
let clock: number;
let audit: AuditRecord[];
const log = { log: { record: (record: AuditRecord) => audit.push(record) }, source: "library" as const };
const request = (durationMs: number, reason?: string) => ({ store, durationMs, reason, now: () => clock });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "with-lease-"));
  store = LeaseStore.open(join(dir, "leases.db"));
  clock = 1_000_000;
  audit = [];
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("grantUnderLease", () => {
  it("opens a lease for a new grant and extends it when the grant is made again", async () => {
    const t = tenant();
    const first = await grantUnderLease(leaseTarget(), request(60_000, "ticket 7"), t.grant(GRANT), log);
    expect(first).toMatchObject({ outcome: { kind: "granted" }, leaseOutcome: "opened" });
    expect(first.lease).toMatchObject({ state: "active", expiresAt: clock + 60_000, reason: "ticket 7" });

    clock += 30_000;
    const again = await grantUnderLease(leaseTarget(), request(60_000), t.grant(GRANT), log);
    expect(again).toMatchObject({ outcome: { kind: "already-exists" }, leaseOutcome: "extended" });
    expect(again.lease?.expiresAt).toBe(clock + 60_000);
    expect(again.lease?.reason).toBe("ticket 7");
    expect(store.open()).toHaveLength(1);
    expect(audit.map((r) => r.outcome)).toEqual(["opened", "extended"]);
  });

  it("keeps no lease over access the principal held before, outside any lease", async () => {
    const t = tenant();
    t.held.add(GRANT);
    const result = await grantUnderLease(leaseTarget(), request(60_000), t.grant(GRANT), log);
    expect(result).toMatchObject({ leaseOutcome: "not-opened", lease: undefined });
    expect(store.open()).toEqual([]);
    expect(store.all()[0]).toMatchObject({ state: "closed", closedAs: "held-before" });
  });

  it("closes the new lease when the grant fails before any write, and keeps it open after one", async () => {
    const refused = async (): Promise<GrantOutcome> => {
      throw new ConnectorError("failed-precondition", "the user left");
    };
    await expect(grantUnderLease(leaseTarget(), request(60_000), refused, log)).rejects.toThrow(
      "the user left",
    );
    expect(store.open()).toEqual([]);
    expect(store.all()[0]).toMatchObject({ closedAs: "grant-failed" });

    const t = tenant();
    const wroteThenFailed = async (): Promise<GrantOutcome> => {
      await t.grant(GRANT)();
      throw new ConnectorError("conflict", "read-back differs");
    };
    await expect(grantUnderLease(leaseTarget(), request(60_000), wroteThenFailed, log)).rejects.toThrow(
      "read-back differs",
    );
    expect(store.open()).toMatchObject([{ grantId: GRANT, state: "granting" }]);
    expect(audit.at(-1)).toMatchObject({ event: "lease", outcome: "kept-open" });
  });
});

describe("expireLeases", () => {
  it("revokes only due leases, closing each after the connector confirms", async () => {
    const t = tenant();
    await grantUnderLease(leaseTarget("group:g1:member", "u1"), request(10_000), t.grant(GRANT), log);
    await grantUnderLease(
      leaseTarget("group:g1:member", "u2"),
      request(90_000),
      t.grant("group:g1:member:user:u2"),
      log,
    );
    clock += 20_000;
    const report = await expireLeases({
      store,
      revoke: t.revoke,
      logger: createMemoryLogger(),
      now: () => clock,
      audit: log,
    });
    expect(report.revoked.map((lease) => lease.grantId)).toEqual([GRANT]);
    expect([...t.held]).toEqual(["group:g1:member:user:u2"]);
    expect(store.open().map((lease) => lease.grantId)).toEqual(["group:g1:member:user:u2"]);
    expect(audit.filter((r) => r.event === "expiry")).toMatchObject([
      { outcome: "revoked", grant: GRANT, writes: [{ path: `/revoke/${GRANT}`, sent: true }] },
    ]);
  });

  it("counts access already gone as done, and leaves a failed revoke's lease open for the next run", async () => {
    const t = tenant();
    await grantUnderLease(leaseTarget(), request(1_000), t.grant(GRANT), log);
    await grantUnderLease(
      leaseTarget("group:g2:member"),
      request(1_000),
      t.grant("group:g2:member:user:u1"),
      log,
    );
    t.held.delete(GRANT); // someone removed it by hand
    clock += 5_000;
    let failing = true;
    const revoke = async (grant: Grant): Promise<RevokeOutcome> => {
      if (grant.id.startsWith("group:g2") && failing) throw new ConnectorError("unavailable", "API down");
      return t.revoke(grant);
    };
    const first = await expireLeases({ store, revoke, logger: createMemoryLogger(), now: () => clock });
    expect(first.alreadyRevoked.map((l) => l.grantId)).toEqual([GRANT]);
    expect(first.failed.map((f) => f.error)).toEqual(["API down"]);
    expect(store.all().find((l) => l.grantId === GRANT)).toMatchObject({
      closedAs: "expired-already-revoked",
    });
    failing = false;
    const second = await expireLeases({ store, revoke, logger: createMemoryLogger(), now: () => clock });
    expect(second.revoked.map((l) => l.grantId)).toEqual(["group:g2:member:user:u1"]);
    expect(store.open()).toEqual([]);
    expect(t.held.size).toBe(0);
  });

  it("does not close a lease that a new grant extended while its revoke ran", async () => {
    const t = tenant();
    await grantUnderLease(leaseTarget(), request(1_000), t.grant(GRANT), log);
    clock += 2_000;
    const revoke = async (grant: Grant): Promise<RevokeOutcome> => {
      const [open] = store.open();
      if (open !== undefined) store.extend(open.id, clock + 60_000, undefined);
      return t.revoke(grant);
    };
    const report = await expireLeases({ store, revoke, logger: createMemoryLogger(), now: () => clock });
    expect(report.extended).toHaveLength(1);
    expect(store.open()).toHaveLength(1);
  });
});

describe("closeLeaseAfterRevoke", () => {
  it("closes the grant's open lease as revoked", async () => {
    const t = tenant();
    await grantUnderLease(leaseTarget(), request(60_000), t.grant(GRANT), log);
    const target = { entitlementId: "group:g1:member", principalType: "user", principalId: "u1" };
    expect(closeLeaseAfterRevoke(store, target, clock, log)?.grantId).toBe(GRANT);
    expect(store.all()[0]).toMatchObject({ closedAs: "revoked" });
    expect(closeLeaseAfterRevoke(store, target, clock, log)).toBeUndefined();
  });
});
