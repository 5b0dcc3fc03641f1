import { isConnectorError } from "@baton-ts/connector-sdk";
import { memorySession } from "@baton-ts/connector-sdk/testing";
import nock from "nock";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSegmentClient } from "./segment-client.js";

const BASE = "https://api.segmentapis.com";
const TOKEN = "tok-ABCDEF-123456";
const fast = { baseDelayMs: 1, maxDelayMs: 50, maxAttempts: 4 };
const client = () =>
  createSegmentClient({ baseUrl: BASE, token: TOKEN, retry: fast, userAgent: "baton-segment/test" });
const api = () => nock(BASE);

const user = (id: string, extra: object = {}) => ({
  id,
  name: `User ${id}`,
  email: `${id}@acme.example`,
  ...extra,
});

beforeEach(() => {
  nock.disableNetConnect();
  nock.cleanAll();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe("requests", () => {
  it("send the bearer token, the user agent and page size 200 in the docs' dot form", async () => {
    api()
      .get("/users")
      .query({ "pagination.count": "200" })
      .matchHeader("authorization", `Bearer ${TOKEN}`)
      .matchHeader("user-agent", "baton-segment/test")
      .reply(200, { data: { users: [user("u1")], pagination: { current: "MA==", next: "MjAw" } } });
    api()
      .get("/users")
      .query({ "pagination.count": "200", "pagination.cursor": "MjAw" })
      .reply(200, { data: { users: [user("u2")], pagination: { current: "MjAw", next: null } } });
    const c = client();
    const first = await c.listUsers(undefined);
    expect(first).toEqual({ items: [user("u1")], nextCursor: "MjAw" });
    expect(await c.listUsers(first.nextCursor)).toEqual({ items: [user("u2")] });
    expect(c.stats()).toEqual({ "GET /users": 2 });
  });

  it.each([
    ["missing", { current: "MA==" }],
    ["null", { current: "MA==", next: null }],
    ["empty", { current: "MA==", next: "" }],
    ["a missing pagination block", undefined],
  ])("end a listing when next is %s", async (_, pagination) => {
    api()
      .get("/invites")
      .query(true)
      .reply(200, { data: { invites: ["A@x.example"], ...(pagination ? { pagination } : {}) } });
    expect(await client().listInvites(undefined)).toEqual({ items: ["A@x.example"] });
  });

  it("remove a group member through the singular path with one URL-encoded emails value", async () => {
    api()
      .delete("/group/g1/users")
      .query((q) => JSON.stringify(q) === JSON.stringify({ emails: "a+b@x.example" }))
      .reply(200, { data: { status: "SUCCESS" } });
    await client().removeGroupMember("g1", "a+b@x.example");
  });

  it("add permissions with POST and replace them with PUT, bodies exactly as given", async () => {
    const permissions = [
      {
        roleId: "r1",
        resources: [{ id: "ws", type: "WORKSPACE" as const, labels: [{ key: "env", value: "prod" }] }],
      },
    ];
    const echoed = {
      permissions: [{ roleId: "r1", roleName: "Source Admin", resources: permissions[0]?.resources ?? [] }],
    };
    api().post("/users/u1/permissions", { permissions }).reply(200, { data: echoed });
    api().put("/groups/g1/permissions", { permissions }).reply(200, { data: echoed });
    const c = client();
    expect(await c.addUserPermissions("u1", permissions)).toEqual(echoed.permissions);
    expect(await c.replaceGroupPermissions("g1", permissions)).toEqual(echoed.permissions);
  });

  it("escape ids in paths", async () => {
    api()
      .get("/users/a%2Fb")
      .reply(200, { data: { user: user("a/b", { permissions: [] }) } });
    expect((await client().getUser("a/b")).id).toBe("a/b");
  });
});

describe("caches", () => {
  it("read the workspace and all roles once per client", async () => {
    api()
      .get("/")
      .reply(200, { data: { workspace: { id: "ws", slug: "acme", name: "Acme" } } });
    api()
      .get("/roles")
      .query({ "pagination.count": "200" })
      .reply(200, {
        data: {
          roles: [{ id: "r1", name: "Workspace Owner" }],
          pagination: { current: "MA==", next: "MQ==" },
        },
      })
      .get("/roles")
      .query({ "pagination.count": "200", "pagination.cursor": "MQ==" })
      .reply(200, {
        data: {
          roles: [{ id: "r2", name: "Source Admin", description: "d" }],
          pagination: { current: "MQ==" },
        },
      });
    const c = client();
    await Promise.all([c.workspace(), c.workspace()]);
    const [a, b] = await Promise.all([c.allRoles(), c.allRoles()]);
    expect(a.map((r) => r.id)).toEqual(["r1", "r2"]);
    expect(b).toBe(a);
    expect(c.stats()).toEqual({ "GET /": 1, "GET /roles": 2 });
  });

  it("keep the roles in the sync's session, so the client of a resumed sync reads none", async () => {
    api()
      .get("/roles")
      .query(true)
      .reply(200, {
        data: { roles: [{ id: "r1", name: "Workspace Owner" }], pagination: { current: "MA==" } },
      });
    const session = memorySession();
    const killed = client();
    expect((await killed.allRoles(session)).map((r) => r.id)).toEqual(["r1"]);
    const resumed = client();
    expect((await resumed.allRoles(session)).map((r) => r.id)).toEqual(["r1"]);
    expect(killed.stats()).toEqual({ "GET /roles": 1 });
    expect(resumed.stats()).toEqual({});
  });
});

describe("errors and rate limits", () => {
  it.each([401, 403])(
    "explain a %i: wrong token, Workspace Owner rights, EU region; never the token",
    async (status) => {
      api()
        .get("/")
        .reply(status, { errors: [{ type: "unauthorized", message: `bad token ${TOKEN}` }] });
      const error = await client()
        .workspace()
        .catch((e: unknown) => e);
      expect(isConnectorError(error) && error.code).toBe(
        status === 401 ? "unauthenticated" : "permission-denied",
      );
      expect(String(error)).toMatch(/token was rejected.*BATON_TOKEN.*Workspace Owner.*--region eu/s);
      expect(`${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`).not.toContain(TOKEN);
    },
  );

  it("wait on a 429 for Retry-After, then msBeforeNext, then an RFC 5322 X-RateLimit-Reset", async () => {
    api()
      .get("/labels")
      .reply(429, "", { "retry-after": "0" })
      .get("/labels")
      .reply(429, { errors: [{ type: "RequestError", data: { msBeforeNext: 5, remainingPoints: 0 } }] })
      .get("/labels")
      .reply(429, "", { "x-ratelimit-reset": new Date(Date.now() + 10).toUTCString() })
      .get("/labels")
      .reply(200, { data: { labels: [{ key: "env", value: "prod" }] } });
    const c = createSegmentClient({
      baseUrl: BASE,
      token: TOKEN,
      retry: { ...fast, maxAttempts: 5, maxDelayMs: 1500 },
    });
    expect(await c.listLabels()).toEqual([{ key: "env", value: "prod" }]);
    expect(c.stats()).toEqual({ "GET /labels": 4 });
  });

  it("send a permission write once, even after a 500 or a 429 (its list may be stale by then)", async () => {
    api()
      .post("/users/u1/permissions")
      .reply(500, { errors: [{ type: "internal", message: "boom" }] });
    api()
      .put("/users/u1/permissions")
      .reply(429, { errors: [{ type: "RequestError", data: { msBeforeNext: 0 } }] });
    const segment = client();
    await expect(segment.addUserPermissions("u1", [])).rejects.toMatchObject({
      code: "unavailable",
      status: 500,
    });
    await expect(segment.replaceUserPermissions("u1", [])).rejects.toMatchObject({ code: "rate-limited" });
    expect(segment.stats()).toEqual({
      "POST /users/{userId}/permissions": 1,
      "PUT /users/{userId}/permissions": 1,
    });
  });

  it("repeat adding or removing one member after a 500 (doing it twice changes nothing)", async () => {
    api()
      .post("/groups/g1/users")
      .reply(500, { errors: [{ type: "internal", message: "boom" }] })
      .post("/groups/g1/users")
      .reply(200, { data: { userGroup: { id: "g1", name: "G" } } });
    api()
      .delete("/group/g1/users")
      .query(true)
      .reply(503)
      .delete("/group/g1/users")
      .query(true)
      .reply(200, {
        data: { status: "SUCCESS" },
      });
    const segment = client();
    await segment.addGroupMembers("g1", ["a@x.example"]);
    await segment.removeGroupMember("g1", "a@x.example");
    expect(segment.stats()).toEqual({
      "POST /groups/{userGroupId}/users": 2,
      "DELETE /group/{userGroupId}/users": 2,
    });
  });

  it("name the failing field of an unexpected response", async () => {
    api()
      .get("/users")
      .query(true)
      .reply(200, { data: { users: [{ id: "u1", name: "x" }], pagination: { current: "MA==" } } });
    await expect(client().listUsers(undefined)).rejects.toThrow(/data\.users\[0\]\.email/);
  });

  it("count a workspace without Functions or Spaces as having none, but surface other errors", async () => {
    api()
      .get("/functions")
      .query(true)
      .reply(403, { errors: [{ type: "forbidden", message: "no Functions" }] });
    api()
      .get("/spaces")
      .query(true)
      .reply(404, { errors: [{ type: "not-found" }] });
    api()
      .get("/functions")
      .query(true)
      .reply(422, { errors: [{ type: "input-validation", message: "bad resourceType" }] });
    const c = client();
    expect(await c.listFunctions("SOURCE", undefined)).toEqual({ items: [], unavailable: true });
    expect(await c.listSpaces(undefined)).toEqual({ items: [], unavailable: true });
    await expect(c.listFunctions("SOURCE", undefined)).rejects.toThrow(/bad resourceType/);
  });

  it("refuse plain http to a non-loopback host", () => {
    expect(() => createSegmentClient({ baseUrl: "http://api.segmentapis.com", token: TOKEN })).toThrow(
      /http/,
    );
  });
});
