import { join } from "node:path";
import { userTraitOf } from "@baton-ts/connector-sdk";
import { createMemoryLogger } from "@baton-ts/connector-sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSentinelOneClient } from "../src/index.js";
import {
  type RequestLogEntry,
  type SentinelOneSimulator,
  startSentinelOneSimulator,
} from "../src/simulator/index.js";
import { clientFor, expectedGrantIds, type SyncedFile, syncAndRead, tempDir } from "./support.js";

let sim: SentinelOneSimulator;
let dir: string;
let cleanup: () => Promise<void>;
let global: SyncedFile;
let globalCalls: Record<string, number>;
let globalLog: RequestLogEntry[];

beforeAll(async () => {
  sim = await startSentinelOneSimulator({
    seed: 11,
    accounts: 3,
    sites: 9,
    users: 2500,
    serviceUsers: 40,
    roles: 20,
  });
  ({ dir, cleanup } = await tempDir());
  global = await syncAndRead(clientFor(sim), join(dir, "global.c1z"));
  globalCalls = sim.callsByRoute();
  globalLog = [...sim.requestLog];
});
afterAll(async () => {
  await sim.close();
  await cleanup();
});

describe("full sync with a Global token", () => {
  it("publishes every object once, every scopeRoles grant, with one paged list per kind", () => {
    const synced = global;
    expect(synced.summary.resources).toEqual({
      tenant: 1,
      account: 3,
      site: 9,
      user: 2500,
      service_user: 40,
      role: 20,
    });
    const grantIds = new Set(synced.grants.map((g) => g.id));
    expect(grantIds).toEqual(expectedGrantIds(sim));
    for (const grant of synced.grants)
      expect(synced.entitlementIds.has(grant.entitlement?.id ?? "")).toBe(true);

    // One paged list per kind (2500 users → 3 pages) plus one validation call on /users.
    expect(globalCalls).toEqual({
      "GET /users": 4,
      "GET /service-users": 1,
      "GET /accounts": 1,
      "GET /sites": 1,
      "GET /rbac/roles": 1,
    });
    for (const entry of globalLog) {
      expect(entry.status).toBe(200);
      if (entry.query.cursor !== undefined) expect(entry.query.cursor).not.toBe("");
      if (entry.route !== "/users" || entry.query.limit !== "1") expect(entry.query.limit).toBe("1000");
    }
  });

  it("puts each site under its account and keeps expired ones with their state", () => {
    const synced = global;
    const sites = synced.resources.filter((r) => r.id?.resourceType === "site");
    for (const site of sites) {
      const stored = sim.state.sites.get(site.id?.resource ?? "");
      expect(site.parentResourceId).toMatchObject({ resourceType: "account", resource: stored?.accountId });
      expect(site.description).toContain(`state ${stored?.state}`);
    }
  });

  it("shows tenant-scope principals with tenant grants", () => {
    const synced = global;
    const tenantUsers = sim.state.users.all().filter((u) => u.scope === "tenant");
    expect(tenantUsers.length).toBeGreaterThan(0);
    for (const user of tenantUsers) {
      const held = synced.grants.filter((g) => g.principal?.id?.resource === user.id);
      expect(held.map((g) => g.entitlement?.id).sort()).toEqual(
        user.scopeRoles.map((e) => `tenant:tenant:${e.roleId}`).sort(),
      );
    }
  });

  it("gives reviewers scope, source, 2FA, login and token facts in user profiles", () => {
    const synced = global;
    const stored = sim.state.users.all().find((u) => u.apiToken !== null && u.lastLogin !== null);
    const resource = synced.resources.find(
      (r) => r.id?.resourceType === "user" && r.id.resource === stored?.id,
    );
    const trait = resource === undefined ? undefined : userTraitOf(resource);
    expect(trait?.profile).toMatchObject({
      scope: stored?.scope,
      source: stored?.source,
      twoFaEnabled: stored?.twoFaEnabled,
      emailVerified: stored?.emailVerified,
      lastLogin: stored?.lastLogin,
      apiTokenExpiresAt: stored?.apiToken?.expiresAt,
    });
    expect(trait?.emails[0]?.address).toBe(stored?.email);
    expect(trait?.mfaStatus?.mfaEnabled).toBe(stored?.twoFaEnabled);
  });
});

describe("site-scoped token", () => {
  it("skips accounts with one warning and syncs its sites, users and grants", async () => {
    const logger = createMemoryLogger();
    sim.clearRequestLog();
    const synced = await syncAndRead(clientFor(sim, sim.tokens.site, logger), join(dir, "site.c1z"), logger);
    expect(synced.summary.resources.account ?? 0).toBe(0);
    expect(synced.summary.resources.site).toBe(2);
    expect(synced.summary.resources.user).toBeGreaterThan(0);
    const warnings = logger.records.filter((r) => r.level === "warn" && r.msg.includes("/accounts"));
    expect(warnings).toHaveLength(1);
    const siteIds = new Set(
      synced.resources.filter((r) => r.id?.resourceType === "site").map((r) => r.id?.resource ?? ""),
    );
    for (const grant of synced.grants) {
      expect(grant.entitlement?.resource?.id?.resourceType).toBe("site");
      expect(siteIds.has(grant.entitlement?.resource?.id?.resource ?? "")).toBe(true);
    }
    expect(synced.grants.length).toBeGreaterThan(0);
    // The listed principals' roles at sites outside the token's view are left out and counted.
    const listed = new Set(
      synced.resources
        .filter((r) => r.id?.resourceType === "user" || r.id?.resourceType === "service_user")
        .map((r) => `${r.id?.resourceType}:${r.id?.resource}`),
    );
    const held = [...expectedGrantIds(sim)].filter((id) => listed.has(id.split(":").slice(-2).join(":")));
    const kept = new Set(synced.grants.map((g) => g.id));
    const outside = held.filter((id) => !kept.has(id));
    expect(outside.length).toBeGreaterThan(0);
    expect(synced.summary.droppedGrants).toBe(outside.length);
  });
});

describe("secrets", () => {
  it("never writes the token to a log line or an error, with HTTP debug logging on", async () => {
    const logger = createMemoryLogger("debug");
    const client = createSentinelOneClient({
      apiToken: sim.tokens.site,
      managementConsoleUrl: sim.url,
      debug: true,
      logger,
      userAgent: "baton-sentinel-one/test",
    });
    await syncAndRead(client, join(dir, "secrets.c1z"), logger);
    sim.addToken("about-to-expire-token", { scope: "tenant" });
    sim.revokeToken("about-to-expire-token");
    const rejected = createSentinelOneClient({
      apiToken: "about-to-expire-token",
      managementConsoleUrl: sim.url,
      debug: true,
      logger,
      userAgent: "baton-sentinel-one/test",
    });
    const error = await rejected.checkAccess().catch((e: unknown) => e);
    expect(logger.records.some((r) => r.level === "debug")).toBe(true);
    const everything = `${JSON.stringify(logger.records)} ${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(sim.tokens.site);
    expect(everything).not.toContain("about-to-expire-token");
  });
});

describe("scopeRoles shapes no public source pins down", () => {
  it("gives the same grants when tenant entries carry a Global pseudo scope and predefined roles come by name only", async () => {
    const odd = await startSentinelOneSimulator({
      seed: 11,
      accounts: 3,
      sites: 9,
      users: 400,
      serviceUsers: 20,
      roles: 20,
      scopeRoleShape: { tenantEntries: "global-scope", predefinedByNameOnly: true },
    });
    try {
      const sample = (await (
        await fetch(`${odd.url}/web/api/v2.1/users?limit=1000`, {
          headers: { authorization: `ApiToken ${odd.tokens.tenant}` },
        })
      ).json()) as { data: { scope: string; scopeRoles: { id?: string; roleId?: string }[] }[] };
      expect(sample.data.some((u) => u.scope === "tenant" && u.scopeRoles[0]?.id === "0")).toBe(true);
      expect(sample.data.some((u) => u.scopeRoles.some((e) => e.roleId === undefined))).toBe(true);

      const synced = await syncAndRead(clientFor(odd), join(dir, "odd-shapes.c1z"));
      expect(new Set(synced.grants.map((g) => g.id))).toEqual(expectedGrantIds(odd));
    } finally {
      await odd.close();
    }
  });
});
