import { join } from "node:path";
import { ConnectorError, nullLogger, provisionGrant, provisionRevoke } from "@baton-ts/connector-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sentineloneConnector } from "../src/index.js";
import {
  type SentinelOneSimulator,
  type SimUser,
  startSentinelOneSimulator,
} from "../src/simulator/index.js";
import { clientFor, syncAndRead, tempDir } from "./support.js";

let sim: SentinelOneSimulator;
let file: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  sim = await startSentinelOneSimulator({
    seed: 21,
    accounts: 3,
    sites: 9,
    users: 150,
    serviceUsers: 20,
    roles: 20,
  });
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  file = join(dir, "sync.c1z");
  await syncAndRead(clientFor(sim), file);
});
afterAll(async () => {
  await sim.close();
  await cleanup();
});

const common = () => ({
  connector: sentineloneConnector,
  client: clientFor(sim),
  file,
  provisioning: true,
  logger: nullLogger,
});

const grantTo = (entitlementId: string, type: string, id: string) =>
  provisionGrant({ ...common(), entitlementId, principal: { type, id } });
const revoke = (grantId: string) => provisionRevoke({ ...common(), grantId });

const viewerId = () => sim.state.roles.all().find((r) => r.name === "Viewer")?.id ?? "";
const writes = () => sim.requestLog.filter((e) => e.method === "PUT").length;
const snapshot = (id: string) => structuredClone(sim.state.users.get(id)?.scopeRoles);

/** A site user and a site of the same account where it holds no role yet. */
const siteUserWithFreeSite = (): { user: SimUser; siteId: string } => {
  for (const user of sim.state.users.all()) {
    if (user.scope !== "site") continue;
    const held = new Set(user.scopeRoles.map((e) => e.id));
    const accountId = sim.state.sites.get(user.scopeRoles[0]?.id ?? "")?.accountId;
    const free = sim.state.sites.all().find((s) => s.accountId === accountId && !held.has(s.id));
    if (free !== undefined) return { user, siteId: free.id };
  }
  throw new Error("seed has no suitable site user");
};

describe("grant and revoke of a role at a site", () => {
  it("adds exactly one scopeRoles entry, then removes exactly it, reporting repeats as such", async () => {
    const { user, siteId } = siteUserWithFreeSite();
    const before = snapshot(user.id);
    const entitlementId = `site:${siteId}:${viewerId()}`;
    sim.clearRequestLog();

    const granted = await grantTo(entitlementId, "user", user.id);
    expect(granted.outcome.kind).toBe("granted");
    expect(sim.state.users.get(user.id)?.scopeRoles).toEqual([
      ...(before ?? []),
      { id: siteId, roleId: viewerId() },
    ]);
    // Read, read again right before the write, write once, read back.
    expect(sim.callsByRoute()).toEqual({ "GET /users/{id}": 3, "PUT /users/{id}": 1 });

    const again = await grantTo(entitlementId, "user", user.id);
    expect(again.outcome.kind).toBe("already-exists");
    expect(writes()).toBe(1);

    // The revoke reads the grant from the c1z, so sync the new state first (as ConductorOne would).
    await syncAndRead(clientFor(sim), file);
    const grantId = `${entitlementId}:user:${user.id}`;
    const revoked = await revoke(grantId);
    expect(revoked.outcome.kind).toBe("revoked");
    expect(sim.state.users.get(user.id)?.scopeRoles).toEqual(before);

    const gone = await revoke(grantId);
    expect(gone.outcome.kind).toBe("already-revoked");
    expect(sim.requestLog.filter((e) => e.method === "PUT")).toHaveLength(2);
  });

  it("works the same for a service user", async () => {
    const svc = sim.state.serviceUsers.all().find((s) => s.scope === "site");
    if (svc === undefined) throw new Error("seed has no site-scope service user");
    const held = new Set(svc.scopeRoles.map((e) => e.id));
    const accountId = sim.state.sites.get(svc.scopeRoles[0]?.id ?? "")?.accountId;
    const site = sim.state.sites.all().find((s) => s.accountId === accountId && !held.has(s.id));
    if (site === undefined) throw new Error("no free site for the service user");
    const before = structuredClone(svc.scopeRoles);
    const result = await grantTo(`site:${site.id}:${viewerId()}`, "service_user", svc.id);
    expect(result.outcome.kind).toBe("granted");
    expect(sim.state.serviceUsers.get(svc.id)?.scopeRoles).toEqual([
      ...before,
      { id: site.id, roleId: viewerId() },
    ]);
  });
});

describe("account and tenant roles", () => {
  it("grants a role at an account to an account-scope user", async () => {
    const user = sim.state.users.all().find((u) => u.scope === "account" && u.scopeRoles.length === 1);
    const other = sim.state.accounts.all().find((a) => a.id !== user?.scopeRoles[0]?.id);
    if (user === undefined || other === undefined) throw new Error("seed lacks an account user");
    const before = snapshot(user.id);
    const result = await grantTo(`account:${other.id}:${viewerId()}`, "user", user.id);
    expect(result.outcome.kind).toBe("granted");
    expect(sim.state.users.get(user.id)?.scopeRoles).toEqual([
      ...(before ?? []),
      { id: other.id, roleId: viewerId() },
    ]);
  });

  it("grants a tenant role to a tenant-scope user (no scope id in the entry)", async () => {
    const user = sim.state.users.all().find((u) => u.scope === "tenant");
    const admin = sim.state.roles.all().find((r) => r.name === "Admin");
    if (user === undefined || admin === undefined) throw new Error("seed lacks a tenant user");
    const roleId = user.scopeRoles[0]?.roleId === admin.id ? viewerId() : admin.id;
    const before = snapshot(user.id);
    const result = await grantTo(`tenant:tenant:${roleId}`, "user", user.id);
    expect(result.outcome.kind).toBe("granted");
    expect(sim.state.users.get(user.id)?.scopeRoles).toEqual([...(before ?? []), { roleId }]);
  });
});

describe("refusals write nothing", () => {
  const refusal = async (run: () => Promise<unknown>): Promise<ConnectorError> => {
    sim.clearRequestLog();
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(sim.requestLog.filter((e) => e.method === "PUT")).toHaveLength(0);
    return error as ConnectorError;
  };

  it("refuses a site role for an account-scope user (mixing scope levels)", async () => {
    const user = sim.state.users.all().find((u) => u.scope === "account");
    const site = sim.state.sites.all()[0];
    if (user === undefined || site === undefined) throw new Error("seed lacks an account user");
    const before = snapshot(user.id);
    const error = await refusal(() => grantTo(`site:${site.id}:${viewerId()}`, "user", user.id));
    expect(error.code).toBe("failed-precondition");
    expect(error.message).toMatch(/account-scope principal.*one scope level/);
    expect(error.message).toContain("Nothing was changed");
    expect(sim.state.users.get(user.id)?.scopeRoles).toEqual(before);
  });

  it("refuses to remove a principal's last role", async () => {
    const user = sim.state.users.all().find((u) => u.scope === "site" && u.scopeRoles.length === 1);
    const entry = user?.scopeRoles[0];
    if (user === undefined || entry === undefined) throw new Error("seed lacks a single-role user");
    const error = await refusal(() => revoke(`site:${entry.id}:${entry.roleId}:user:${user.id}`));
    expect(error.code).toBe("failed-precondition");
    expect(error.message).toContain("last role");
    expect(sim.state.users.get(user.id)?.scopeRoles).toEqual([entry]);
  });

  it("refuses a second, different role at a site where the principal already has one", async () => {
    const user = sim.state.users
      .all()
      .find((u) => u.scope === "site" && u.scopeRoles[0]?.roleId !== viewerId());
    const entry = user?.scopeRoles[0];
    if (user === undefined || entry === undefined) throw new Error("seed lacks a site user");
    const error = await refusal(() => grantTo(`site:${entry.id}:${viewerId()}`, "user", user.id));
    expect(error.code).toBe("failed-precondition");
    expect(error.message).toContain("one role per site");
  });

  it("refuses when provisioning is off", async () => {
    const { user, siteId } = siteUserWithFreeSite();
    const error = await refusal(() =>
      provisionGrant({
        ...common(),
        provisioning: false,
        entitlementId: `site:${siteId}:${viewerId()}`,
        principal: { type: "user", id: user.id },
      }),
    );
    expect(error.message).toContain("BATON_PROVISIONING");
  });

  it("explains a 403 when the token may not write at that scope", async () => {
    const { user, siteId } = siteUserWithFreeSite();
    sim.addToken("narrow-site-token", { scope: "site", siteIds: user.scopeRoles.map((e) => e.id ?? "") });
    sim.clearRequestLog();
    const error = await provisionGrant({
      ...common(),
      client: clientFor(sim, "narrow-site-token"),
      entitlementId: `site:${siteId}:${viewerId()}`,
      principal: { type: "user", id: user.id },
    }).catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("permission-denied");
    expect((error as Error).message).toContain(`change the roles of the console user ${user.id}`);
    expect((error as Error).message).not.toContain("narrow-site-token");
  });
});
