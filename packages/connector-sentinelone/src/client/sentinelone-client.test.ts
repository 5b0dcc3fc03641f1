import { ConnectorError, collectAll } from "@baton-ts/connector-sdk";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TEST_CONSOLE, TEST_TOKEN, testClient } from "../../test/fixtures.js";
import { apiBaseUrl } from "./sentinelone-client.js";

const API = "/web/api/v2.1";
const user = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  email: `${id}@acme.example.com`,
  fullName: `User ${id}`,
  scope: "site",
  scopeRoles: [
    { id: "1200000000000000001", name: "Default site", accountName: "Acme", roleId: "13", roleName: "Admin" },
  ],
  ...extra,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});

const expectNoSecret = (error: unknown) => {
  const text = `${String(error)} ${(error as Error).stack ?? ""} ${JSON.stringify(error)}`;
  expect(text).not.toContain(TEST_TOKEN);
  expect(text).not.toContain("secret-part");
};

describe("SentinelOneClient lists", () => {
  it("sends ApiToken auth and limit=1000, no cursor on the first page, then follows nextCursor until null", async () => {
    const scope = nock(TEST_CONSOLE, { reqheaders: { authorization: `ApiToken ${TEST_TOKEN}` } })
      .get(`${API}/users`)
      .query((q) => q.limit === "1000" && !("cursor" in q))
      .reply(200, { data: [user("1"), user("2")], pagination: { nextCursor: "Y3Vyc29yLTE=", totalItems: 3 } })
      .get(`${API}/users`)
      .query({ limit: "1000", cursor: "Y3Vyc29yLTE=" })
      .reply(200, { data: [user("3")], pagination: { nextCursor: null, totalItems: 3 } });
    const client = testClient();
    const users = await collectAll((cursor) => client.listUsers(cursor));
    expect(users.map((u) => u.id)).toEqual(["1", "2", "3"]);
    expect(users[0]?.scopeRoles[0]).toMatchObject({ id: "1200000000000000001", roleId: "13" });
    expect(scope.isDone()).toBe(true);
  });

  it("reads sites from data.sites and roles with includeChildren=true", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/sites`)
      .query({ limit: "1000" })
      .reply(200, {
        data: {
          allSites: { activeLicenses: 1, totalLicenses: 2 },
          sites: [{ id: "12", name: "Default site", accountId: "11", accountName: "Acme", state: "active" }],
        },
        pagination: { nextCursor: null, totalItems: 1 },
      })
      .get(`${API}/rbac/roles`)
      .query({ limit: "1000", includeChildren: "true" })
      .reply(200, {
        data: [{ id: "13", name: "Admin", scope: "Tenant", predefinedRole: true, scopeId: null }],
        pagination: { nextCursor: null },
      });
    const client = testClient();
    const sites = await client.listSites();
    expect(sites.items[0]).toMatchObject({ id: "12", accountId: "11" });
    expect(sites.nextCursor).toBeUndefined();
    const roles = await client.listRoles();
    expect(roles.items[0]).toMatchObject({ id: "13", scope: "tenant", predefinedRole: true });
  });

  it("names the failing field when a reply does not match the schema", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/users`)
      .query(true)
      .reply(200, { data: [user("1"), { id: "2", scope: "galaxy" }], pagination: { nextCursor: null } });
    const error = await testClient()
      .listUsers()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("invalid-response");
    expect((error as Error).message).toContain("data[1].scope");
  });

  it("builds the API base from the console URL, tolerating a trailing slash or the API path", () => {
    expect(apiBaseUrl("https://acme.sentinelone.net/")).toBe("https://acme.sentinelone.net/web/api/v2.1");
    expect(apiBaseUrl("https://acme.sentinelone.net/web/api/v2.1/")).toBe(
      "https://acme.sentinelone.net/web/api/v2.1",
    );
  });

  it("stops on a repeated cursor instead of looping, naming the endpoint", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/accounts`)
      .query(true)
      .reply(200, { data: [], pagination: { nextCursor: null } })
      .get(`${API}/rbac/roles`)
      .query(true)
      .reply(200, { data: [], pagination: { nextCursor: null } })
      .get(`${API}/sites`)
      .query(true)
      .times(2)
      .reply(200, { data: { sites: [] }, pagination: { nextCursor: "same" } });
    const error = await testClient()
      .catalog()
      .catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("invalid-response");
    expect((error as Error).message).toMatch(/GET \/sites returned a next-page cursor .* paging in a loop/);
  });
});

describe("SentinelOneClient errors", () => {
  it("explains 401 with the flag and variable to check, and never shows the token", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/users`)
      .query(true)
      .reply(401, { errors: [{ code: 4010010, detail: null, title: "Authentication Failed" }] });
    const error = await testClient()
      .checkAccess()
      .catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("unauthenticated");
    expect((error as Error).message).toContain("BATON_API_TOKEN");
    expect((error as Error).message).toContain("Authentication Failed (code 4010010)");
    expectNoSecret(error);
  });

  it("explains 403 with the refused call and the permission it needs", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/service-users`)
      .query(true)
      .reply(403, {
        errors: [
          {
            code: 4030010,
            detail: "User does not have required permissions",
            title: "Insufficient permissions",
          },
        ],
      });
    const error = await testClient()
      .listServiceUsers()
      .catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("permission-denied");
    expect((error as Error).message).toContain("list service users (GET /service-users)");
    expect((error as Error).message).toContain("Service Users view permission");
    expectNoSecret(error);
  });

  it("validate explains a 403 with the permission /users needs", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/users`)
      .query({ limit: "1", skipCount: "true" })
      .reply(403, {
        errors: [
          {
            code: 4030010,
            detail: "User does not have required permissions",
            title: "Insufficient permissions",
          },
        ],
      });
    const error = await testClient()
      .checkAccess()
      .catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("permission-denied");
    expect((error as Error).message).toContain("read console users (GET /users)");
    expect((error as Error).message).toContain("Users view permission");
    expect((error as Error).message).toContain(
      "Insufficient permissions: User does not have required permissions (code 4030010)",
    );
  });

  it("retries 429 (honouring Retry-After) and an HTML 502, then succeeds", async () => {
    const scope = nock(TEST_CONSOLE)
      .get(`${API}/users`)
      .query(true)
      .reply(429, "", { "retry-after": "0" })
      .get(`${API}/users`)
      .query(true)
      .reply(502, "<html><body>Bad gateway</body></html>", { "content-type": "text/html" })
      .get(`${API}/users`)
      .query(true)
      .reply(200, { data: [user("1")], pagination: { nextCursor: null } });
    const page = await testClient().listUsers();
    expect(page.items).toHaveLength(1);
    expect(scope.isDone()).toBe(true);
  });

  it("keeps the HTTP status in the error of a non-JSON failure", async () => {
    nock(TEST_CONSOLE).get(`${API}/sites`).query(true).times(4).reply(504, "<html>Gateway Timeout</html>");
    const error = await testClient()
      .listSites()
      .catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("unavailable");
    expect((error as Error).message).toContain("504");
  });
});

describe("SentinelOneClient writes", () => {
  it("PUTs the whole scopeRoles list in a data envelope, with no id at tenant scope", async () => {
    let body: unknown;
    nock(TEST_CONSOLE)
      .put(`${API}/users/14`, (b) => {
        body = b;
        return true;
      })
      .reply(200, { data: user("14", { scope: "tenant", scopeRoles: [{ roleId: "13" }, { roleId: "15" }] }) })
      .put(`${API}/service-users/15`, { data: { scope: "site", scopeRoles: [{ id: "12", roleId: "13" }] } })
      .reply(200, {
        data: { id: "15", name: "svc", scope: "site", scopeRoles: [{ id: "12", roleId: "13" }] },
      });
    const client = testClient();
    const updated = await client.putScopeRoles("user", "14", "tenant", [{ roleId: "13" }, { roleId: "15" }]);
    expect(body).toEqual({ data: { scope: "tenant", scopeRoles: [{ roleId: "13" }, { roleId: "15" }] } });
    expect(updated.scopeRoles).toHaveLength(2);
    const svc = await client.putScopeRoles("service_user", "15", "site", [{ id: "12", roleId: "13" }]);
    expect(svc.id).toBe("15");
  });
});
