import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "./pagination.js";
import { seedTenant } from "./seed.js";
import { API_PREFIX, type SentinelOneSimulator, startSentinelOneSimulator } from "./server.js";

let sim: SentinelOneSimulator;

const call = async (path: string, init: { token?: string | null; method?: string; body?: unknown } = {}) => {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token !== null) headers.authorization = `ApiToken ${init.token ?? sim.tokens.tenant}`;
  const res = await fetch(`${sim.url}${API_PREFIX}${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary API JSON.
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
};

beforeAll(async () => {
  sim = await startSentinelOneSimulator({
    seed: 7,
    accounts: 4,
    sites: 12,
    users: 250,
    serviceUsers: 30,
    roles: 20,
  });
});
afterAll(() => sim.close());

describe("seeding", () => {
  it("is deterministic for a seed and reference time", () => {
    const a = seedTenant({ seed: 3, users: 40, now: Date.UTC(2026, 0, 1) });
    const b = seedTenant({ seed: 3, users: 40, now: Date.UTC(2026, 0, 1) });
    const c = seedTenant({ seed: 4, users: 40, now: Date.UTC(2026, 0, 1) });
    expect(JSON.stringify(a.users.all())).toBe(JSON.stringify(b.users.all()));
    expect(JSON.stringify(a.users.all())).not.toBe(JSON.stringify(c.users.all()));
  });

  it("builds the requested sizes with every principal scope and role scope", () => {
    const state = seedTenant({ seed: 1, accounts: 10, sites: 50, users: 2000, serviceUsers: 100, roles: 40 });
    expect(state.accounts.size).toBe(10);
    expect(state.sites.size).toBe(50);
    expect(state.users.size).toBe(2000);
    expect(state.roles.size).toBe(40);
    const scopes = new Set(state.users.all().map((user) => user.scope));
    expect([...scopes].sort()).toEqual(["account", "site", "tenant"]);
    expect(new Set(state.roles.all().map((role) => role.scope))).toEqual(
      new Set(["Tenant", "Account", "Site", "Group"]),
    );
    expect(state.accounts.all().map((a) => a.state)).toContain("expired");
    // Every held role is usable where it is held.
    for (const user of state.users.all()) {
      for (const entry of user.scopeRoles) {
        const usable = state.rolesApplicableAt(user.scope, entry.id).map((role) => role.id);
        expect(usable).toContain(entry.roleId);
      }
    }
  });
});

describe("envelopes, paging and errors", () => {
  it("pages with limit and nextCursor until null, default page size 10", async () => {
    const first = await call("/users");
    expect(first.json.data).toHaveLength(10);
    expect(first.json.pagination.totalItems).toBe(250);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof call>> = await call(
        `/users?limit=100${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      ids.push(...page.json.data.map((user: { id: string }) => user.id));
      cursor = page.json.pagination.nextCursor;
    } while (cursor !== null);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
  });

  it("rejects an empty or foreign cursor with 400 4000010", async () => {
    for (const cursor of ["", "garbage!", encodeCursor("site", "1200000000000000001")]) {
      const res = await call(`/users?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        errors: [{ code: 4000010, detail: "Invalid cursor value received", title: "Validation JSONError" }],
      });
    }
  });

  it("rejects a limit outside 1-1000 and ids below 10^17", async () => {
    expect((await call("/users?limit=1001")).status).toBe(400);
    expect((await call("/users?limit=0")).status).toBe(400);
    const res = await call("/sites?siteIds=0");
    expect(res.status).toBe(400);
    expect(res.json.errors[0].detail).toBe(
      "siteIds: 0: Must be greater than or equal to 100000000000000000.",
    );
  });

  it("answers 401 4010010 to a missing, malformed or revoked token", async () => {
    expect((await call("/users", { token: null })).json.errors[0].code).toBe(4010010);
    expect((await call("/users", { token: "nope" })).status).toBe(401);
    sim.addToken("temporary", { scope: "tenant" });
    expect((await call("/users", { token: "temporary" })).status).toBe(200);
    sim.revokeToken("temporary");
    expect((await call("/users", { token: "temporary" })).status).toBe(401);
  });

  it("wraps sites as data.sites with allSites totals", async () => {
    const res = await call("/sites?limit=1000");
    expect(res.json.data.sites).toHaveLength(12);
    expect(res.json.data.allSites).toEqual({
      activeLicenses: expect.any(Number),
      totalLicenses: expect.any(Number),
    });
    expect(res.json.data.sites[0].accountName).toEqual(expect.any(String));
  });
});

describe("filters", () => {
  it("filters users by ids, roleIds, siteIds and accountIds (site users of the account included)", async () => {
    const [first, second] = sim.state.users.all();
    const byIds = await call(`/users?ids=${first?.id},${second?.id}&limit=1000`);
    expect(byIds.json.data.map((u: { id: string }) => u.id)).toEqual([first?.id, second?.id]);

    const roleId = sim.state.users.all()[0]?.scopeRoles[0]?.roleId ?? "";
    const byRole = await call(`/users?roleIds=${roleId}&limit=1000`);
    const holders = sim.state.users.all().filter((u) => u.scopeRoles.some((e) => e.roleId === roleId));
    expect(byRole.json.pagination.totalItems).toBe(holders.length);

    const site = sim.state.sites.all()[0];
    const bySite = await call(`/users?siteIds=${site?.id}&limit=1000`);
    for (const user of bySite.json.data) {
      expect(user.scopeRoles.map((e: { id: string }) => e.id)).toContain(site?.id);
    }
    const byAccount = await call(`/users?accountIds=${site?.accountId}&limit=1000`);
    expect(byAccount.json.data.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(bySite.json.data.map((u: { id: string }) => u.id)),
    );
  });

  it("filters sites by state and account, roles by predefinedRole; supports skip and countOnly", async () => {
    const expired = await call("/sites?states=expired&limit=1000");
    const wanted = sim.state.sites.all().filter((s) => s.state === "expired");
    expect(expired.json.data.sites.map((s: { id: string }) => s.id)).toEqual(wanted.map((s) => s.id));
    const predefined = await call("/rbac/roles?includeChildren=true&predefinedRole=true&limit=1000");
    expect(predefined.json.data.map((r: { name: string }) => r.name)).toEqual([
      "Viewer",
      "C-Level",
      "IT",
      "SOC",
      "IR Team",
      "Admin",
    ]);
    const skipped = await call("/users?limit=5&skip=10");
    expect(skipped.json.data[0].id).toBe(sim.state.users.all()[10]?.id);
    expect((await call("/users?skip=1001")).status).toBe(400);
    const count = await call("/users?countOnly=true");
    expect(count.json).toEqual({ data: [], pagination: { nextCursor: null, totalItems: 250 } });
  });

  it("answers 404 with a code for an unknown user and 405 for a wrong method", async () => {
    const missing = await call("/users/1499999999999999999");
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].code).toBe(4040010);
    expect((await call("/users", { method: "DELETE" })).status).toBe(405);
  });
});

describe("roles", () => {
  it("shows only tenant roles to a Global token unless includeChildren=true", async () => {
    const plain = await call("/rbac/roles?limit=1000");
    const all = await call("/rbac/roles?limit=1000&includeChildren=true");
    expect(plain.json.data.every((role: { scope: string }) => role.scope === "Tenant")).toBe(true);
    expect(all.json.data).toHaveLength(20);
  });
});

describe("site-scoped tokens", () => {
  it("get 403 4030010 on /accounts and only their sites elsewhere", async () => {
    const accounts = await call("/accounts", { token: sim.tokens.site });
    expect(accounts.status).toBe(403);
    expect(accounts.json.errors[0]).toEqual({
      code: 4030010,
      detail: "Action is not allowed to site users",
      title: "Insufficient permissions",
    });
    const sites = await call("/sites?limit=1000", { token: sim.tokens.site });
    expect(sites.json.data.sites).toHaveLength(2);
    const siteIds = new Set(sites.json.data.sites.map((s: { id: string }) => s.id));
    const users = await call("/users?limit=1000", { token: sim.tokens.site });
    expect(users.json.data.length).toBeGreaterThan(0);
    for (const user of users.json.data) {
      expect(user.scope).toBe("site");
      expect(user.scopeRoles.some((entry: { id: string }) => siteIds.has(entry.id))).toBe(true);
    }
  });
});

describe("PUT semantics", () => {
  it("replaces scopeRoles and validates entries", async () => {
    const user = sim.state.users.all().find((u) => u.scope === "site" && u.scopeRoles.length >= 2);
    if (user === undefined) throw new Error("seed has no multi-site user");
    const keep = user.scopeRoles[0];
    const res = await call(`/users/${user.id}`, {
      method: "PUT",
      body: { data: { scope: "site", scopeRoles: [{ id: keep?.id, roleId: keep?.roleId }] } },
    });
    expect(res.status).toBe(200);
    expect(res.json.data.scopeRoles).toHaveLength(1);
    expect(sim.state.users.get(user.id)?.scopeRoles).toEqual([{ id: keep?.id, roleId: keep?.roleId }]);

    const bad = await call(`/users/${user.id}`, {
      method: "PUT",
      body: { data: { scope: "site", scopeRoles: [{ id: "1100000000000000001", roleId: keep?.roleId }] } },
    });
    expect(bad.status).toBe(400);
    expect(sim.state.users.get(user.id)?.scopeRoles).toHaveLength(1);
  });
});
