// One test per defect of ConductorOne's Go baton-sentinel-one, named `defect <id>: …` after the table in
// docs/connectors/sentinelone.md, each showing that this connector does not have it.
import { join } from "node:path";
import {
  type ConnectorError,
  capabilitiesJson,
  nullLogger,
  roleTraitOf,
  userTraitOf,
} from "@baton-ts/connector-sdk";
import { createMemoryLogger, memorySession } from "@baton-ts/connector-sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSentinelOneClient, sentineloneConnector, TYPE } from "../src/index.js";
import { principalGrants } from "../src/resource-types/principal-grants.js";
import { userFromApi } from "../src/resource-types/user.js";
import {
  type RequestLogEntry,
  type SentinelOneSimulator,
  simId,
  startSentinelOneSimulator,
} from "../src/simulator/index.js";
import { clientFor, type SyncedFile, syncAndRead, tempDir } from "./support.js";

let sim: SentinelOneSimulator;
let dir: string;
let cleanup: () => Promise<void>;
let synced: SyncedFile;
let log: RequestLogEntry[];
const UNHELD_ROLE = simId("role", 999);

beforeAll(async () => {
  sim = await startSentinelOneSimulator({
    seed: 5,
    accounts: 4,
    sites: 12,
    users: 300,
    serviceUsers: 25,
    roles: 24,
  });
  // A custom site role nobody holds yet: it must still be listed (so it can be provisioned).
  const site = sim.state.sites.all()[3];
  sim.state.roles.put({
    id: UNHELD_ROLE,
    name: "Unheld Custom",
    description: "nobody has it",
    predefinedRole: false,
    scope: "Site",
    scopeId: site?.id ?? null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    creator: "test",
    creatorId: simId("user", 0),
  });
  ({ dir, cleanup } = await tempDir());
  synced = await syncAndRead(clientFor(sim), join(dir, "defects.c1z"));
  log = [...sim.requestLog];
});
afterAll(async () => {
  await sim.close();
  await cleanup();
});

const byType = (type: string) => synced.resources.filter((r) => r.id?.resourceType === type);

describe("defects of the Go connector, absent here", () => {
  it("defect B1: users, service users and sites are listed once each, with the right parent, not once per account", () => {
    expect(byType("user")).toHaveLength(300);
    expect(byType("service_user")).toHaveLength(25);
    expect(byType("site")).toHaveLength(12);
    for (const user of [...byType("user"), ...byType("service_user")])
      expect(user.parentResourceId).toBeUndefined();
    for (const site of byType("site")) {
      expect(site.parentResourceId?.resource).toBe(sim.state.sites.get(site.id?.resource ?? "")?.accountId);
    }
    // No per-account child listing: the account type declares no children and no call filters by account.
    const account = sentineloneConnector.resourceTypes.find((t) => t.id === TYPE.account);
    expect(account?.children ?? []).toEqual([]);
    expect(log.filter((e) => e.query.accountIds !== undefined)).toEqual([]);
  });

  it("defect B2: each role is listed once, unheld roles included, and a scopeRoles entry without roleId never becomes a role named after its site", async () => {
    const roles = byType("role");
    expect(new Set(roles.map((r) => r.id?.resource)).size).toBe(roles.length);
    expect(roles).toHaveLength(sim.state.roles.size);
    expect(roles.map((r) => r.id?.resource)).toContain(UNHELD_ROLE);
    expect(roles.map((r) => r.displayName)).not.toContain("Default site");

    const site = sim.state.sites.all()[0];
    const catalog = await clientFor(sim).catalog();
    expect(
      catalog.roleIdOf({ id: site?.id, name: site?.name, roleId: null, roleName: null }),
    ).toBeUndefined();
    const admin = sim.state.roles.all().find((r) => r.name === "Admin" && r.predefinedRole);
    expect(catalog.roleIdOf({ id: site?.id, name: site?.name, roleId: null, roleName: "Admin" })).toBe(
      admin?.id,
    );

    // A user whose entry lacks a role id yields no grant rather than a grant on a bogus role.
    const logger = createMemoryLogger();
    const client = clientFor(sim);
    const user = userFromApi({
      id: simId("user", 77777),
      email: "x@example.com",
      scope: "site",
      scopeRoles: [{ id: site?.id ?? null, name: site?.name ?? null, roleId: null, roleName: null }],
    });
    const page = await principalGrants(client, user, {
      logger,
      signal: new AbortController().signal,
      session: memorySession(),
    });
    expect(page.items).toEqual([]);
    const warnings = logger.records.filter((r) => r.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ principal: `user:${simId("user", 77777)}`, entries: 1 });
  });

  it("defect B3: custom account, site and group roles are found (includeChildren=true) with scope, scopeId and predefinedRole", () => {
    expect(log.find((e) => e.route === "/rbac/roles")?.query.includeChildren).toBe("true");
    const roleProfiles = byType("role").map((r) => roleProfile(r));
    expect(new Set(roleProfiles.map((p) => p.scope))).toEqual(
      new Set(["tenant", "account", "site", "group"]),
    );
    const custom = roleProfiles.find((p) => p.scope === "account");
    expect(custom).toMatchObject({ predefinedRole: false, scopeId: expect.stringMatching(/^11/) });
  });

  it("defect B4: a grant keeps its scope object; the same role at two sites is two grants; entitlements come in a stable order", async () => {
    const user = sim.state.users.all().find((u) => u.scope === "site" && u.scopeRoles.length >= 2);
    if (user === undefined) throw new Error("seed lacks a multi-site user");
    const held = synced.grants
      .filter((g) => g.principal?.id?.resource === user.id)
      .map((g) => g.entitlement?.id);
    expect(held.sort()).toEqual(user.scopeRoles.map((e) => `site:${e.id}:${e.roleId}`).sort());
    const again = await syncAndRead(clientFor(sim), join(dir, "defects-2.c1z"));
    expect([...again.entitlementIds]).toEqual([...synced.entitlementIds]);
    // An empty or unknown scope is a clear validation error naming the field, never a "" entitlement.
    const bad = await import("../src/client/schemas/user.js").then(({ userSchema }) =>
      userSchema.safeParse({ id: "1", scope: "" }),
    );
    expect(bad.success).toBe(false);
  });

  it("defect B5: lists send limit=1000 and never an empty cursor", () => {
    const lists = log.filter((e) => e.route === "/users" && e.query.limit !== "1");
    expect(lists.length).toBeGreaterThan(0);
    for (const entry of log) {
      expect(entry.query.cursor === undefined || entry.query.cursor.length > 0).toBe(true);
      if (!(entry.route === "/users" && entry.query.limit === "1")) expect(entry.query.limit).toBe("1000");
    }
  });

  it("defect B6: statuses are handled: 429 is retried (Retry-After), 401 and 403 are told apart with their status", async () => {
    {
      // A tighter table than the client's pacing forces 429s; the client must wait and retry.
      const limited = await startSentinelOneSimulator({
        seed: 5,
        users: 40,
        // 5/s with no burst: three requests sent at once always meet a 429, however loaded the machine.
        rateLimits: { "/users": { perSecond: 5, burst: 1 } },
      });
      try {
        // Server-advised waits (Retry-After: 1) are honoured in full here, so the retries always succeed.
        const client = createSentinelOneClient({
          apiToken: limited.tokens.tenant,
          managementConsoleUrl: limited.url,
          retry: { maxDelayMs: 5_000 },
          logger: nullLogger,
          userAgent: "baton-sentinel-one/test",
        });
        const calls = await Promise.all([client.listUsers(), client.listUsers(), client.listUsers()]);
        expect(calls.every((page) => page.items.length === 40)).toBe(true);
        expect(limited.requestLog.some((e) => e.status === 429)).toBe(true);
      } finally {
        await limited.close();
      }
    }
    const unauthenticated = await clientFor(sim, "wrong-token")
      .listUsers()
      .catch((e: unknown) => e);
    expect((unauthenticated as ConnectorError).code).toBe("unauthenticated");
    expect((unauthenticated as Error).message).toContain("401");
    const forbidden = await clientFor(sim, sim.tokens.site)
      .listAccounts()
      .catch((e: unknown) => e);
    expect((forbidden as ConnectorError).code).toBe("permission-denied");
    expect((forbidden as Error).message).toContain("403");
  });

  it("defect B7: a site-scoped token validates and syncs (accounts skipped)", async () => {
    const client = clientFor(sim, sim.tokens.site);
    await expect(
      sentineloneConnector.validate(client, {
        logger: nullLogger,
        signal: new AbortController().signal,
        session: memorySession(),
      }),
    ).resolves.toBeUndefined();
    const site = await syncAndRead(client, join(dir, "defects-site.c1z"));
    expect(site.summary.resources.account ?? 0).toBe(0);
    expect(site.summary.resources.site).toBe(2);
  });

  it("defect B8: sites are never grantees; every grant goes to a user or service user", () => {
    for (const grant of synced.grants) {
      expect(["user", "service_user"]).toContain(grant.principal?.id?.resourceType);
    }
    expect([...synced.entitlementIds].some((id) => id.endsWith(":member"))).toBe(false);
  });

  it("defect B9: profiles show status, last login, source, 2FA, email verification and token expiry; expired accounts show their state", () => {
    const expiredSvc = sim.state.serviceUsers
      .all()
      .find((s) => Date.parse(s.apiToken.expiresAt) < Date.now());
    if (expiredSvc === undefined) throw new Error("seed lacks an expired service user");
    const svc = byType("service_user").find((r) => r.id?.resource === expiredSvc.id);
    const svcTrait = svc === undefined ? undefined : userTraitOf(svc);
    expect(svc?.displayName).toBe(expiredSvc.name);
    expect(svcTrait?.status?.status).toBe(2); // DISABLED
    expect(svcTrait?.status?.details).toContain("expired");
    expect(svcTrait?.structuredName).toBeUndefined();
    expect(svcTrait?.profile?.apiTokenExpiresAt).toBe(expiredSvc.apiToken.expiresAt);

    const sso = sim.state.users.all().find((u) => u.source === "sso_saml" && u.lastLogin !== null);
    const user = byType("user").find((r) => r.id?.resource === sso?.id);
    const trait = user === undefined ? undefined : userTraitOf(user);
    expect(trait?.ssoStatus?.ssoEnabled).toBe(true);
    expect(trait?.lastLogin).toBeDefined();
    expect(trait?.profile).toMatchObject({ source: "sso_saml", twoFaEnabled: sso?.twoFaEnabled });

    const expiredAccount = sim.state.accounts.all().find((a) => a.state === "expired");
    const account = byType("account").find((r) => r.id?.resource === expiredAccount?.id);
    expect(account?.description).toContain("state expired");
  });

  it("defect B10: grant and revoke exist for tenant, account and site roles", () => {
    const capabilities = JSON.parse(capabilitiesJson(sentineloneConnector)) as {
      resourceTypeCapabilities: { resourceType: { id: string }; capabilities: string[] }[];
    };
    const provisionable = capabilities.resourceTypeCapabilities
      .filter((c) => c.capabilities.includes("CAPABILITY_PROVISION"))
      .map((c) => c.resourceType.id)
      .sort();
    expect(provisionable).toEqual(["account", "site", "tenant"]);
  });
});

const roleProfile = (resource: SyncedFile["resources"][number]): Record<string, unknown> => {
  const trait = roleTraitOf(resource);
  expect(trait).toBeDefined();
  return (trait?.profile ?? {}) as Record<string, unknown>;
};
