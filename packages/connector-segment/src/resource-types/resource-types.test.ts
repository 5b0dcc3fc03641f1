import {
  type CallContext,
  findAnnotation,
  nullLogger,
  resourceId,
  userResource,
  userTraitOf,
} from "@baton-ts/connector-sdk";
import { memorySession } from "@baton-ts/connector-sdk/testing";
import { GrantExpandableSchema, type Resource } from "@baton-ts/protocol";
import nock from "nock";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSegmentClient, type SegmentClient } from "../client/segment-client.js";
import { functionType } from "./function.js";
import { groupType } from "./group.js";
import { inviteType } from "./invite.js";
import { labelType } from "./label.js";
import { roleType } from "./role.js";
import { sourceType } from "./source.js";
import { spaceType } from "./space.js";
import { userType } from "./user.js";
import { warehouseType } from "./warehouse.js";
import { workspaceType } from "./workspace.js";

const BASE = "https://api.segmentapis.com";
let ctx: CallContext;
let client: SegmentClient;
const api = () => nock(BASE);
const page = (current = "MA==") => ({ current });
const storedUser = (id: string): Resource =>
  userResource({ type: "user", id, displayName: id, parent: resourceId("workspace", "ws"), user: {} });
const ids = (resources: readonly Resource[]) =>
  resources.map((r) => `${r.id?.resourceType}:${r.id?.resource}`);

const ROLES = [
  { id: "rOwner", name: "Workspace Owner" },
  { id: "rSrc", name: "Source Admin" },
  { id: "rWh", name: "Warehouse Read-only" },
  { id: "rFn", name: "Functions Admin" },
  { id: "rEng", name: "Engage User" },
];

beforeEach(() => {
  nock.disableNetConnect();
  nock.cleanAll();
  // One sync's session per test: what a call keeps, later calls of the test read.
  ctx = { logger: nullLogger, signal: new AbortController().signal, session: memorySession() };
  client = createSegmentClient({
    baseUrl: BASE,
    token: "t",
    retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
  });
  api()
    .get("/")
    .reply(200, { data: { workspace: { id: "ws", slug: "acme", name: "Acme" } } });
});
afterEach(() => {
  nock.abortPendingRequests();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const withRoles = () =>
  api()
    .get("/roles")
    .query(true)
    .reply(200, { data: { roles: ROLES, pagination: page() } });

describe("workspace", () => {
  it("lists the token's workspace with its member entitlement", async () => {
    const { items } = await workspaceType.list(client, {}, ctx);
    expect(ids(items)).toEqual(["workspace:ws"]);
    expect(items[0]?.displayName).toBe("Acme");
    const ents = await workspaceType.entitlements?.(client, { resource: items[0] as Resource }, ctx);
    expect(ents?.items.map((e) => [e.id, e.grantableTo.map((t) => t.id)])).toEqual([
      ["workspace:ws:member", ["user"]],
    ]);
  });
});

describe("user", () => {
  it("lists users with their email under the workspace and emits membership and permission grants", async () => {
    api()
      .get("/users")
      .query(true)
      .reply(200, {
        data: {
          users: [{ id: "u1", name: "Ada", email: "ada@acme.example" }],
          pagination: { ...page(), next: "MQ==" },
        },
      });
    const { items, nextCursor } = await userType.list(client, {}, ctx);
    expect(nextCursor).toBe("MQ==");
    const ada = items[0] as Resource;
    expect(ada.parentResourceId?.resource).toBe("ws");
    expect(userTraitOf(ada)?.emails.map((e) => e.address)).toEqual(["ada@acme.example"]);
    api()
      .get("/users/u1")
      .reply(200, {
        data: {
          user: {
            id: "u1",
            email: "ada@acme.example",
            permissions: [
              { roleId: "rOwner", resources: [{ id: "ws", type: "WORKSPACE" }] },
              {
                roleId: "rSrc",
                resources: [{ id: "ws", type: "WORKSPACE", labels: [{ key: "env", value: "prod" }] }],
              },
              {
                roleId: "rSrc",
                resources: [
                  { id: "s1", type: "SOURCE" },
                  { id: "s2", type: "SOURCE" },
                ],
              },
            ],
          },
        },
      });
    const grants = await userType.grants?.(client, { resource: ada }, ctx);
    expect(grants?.items.map((g) => g.id)).toEqual([
      "workspace:ws:member:user:u1",
      "role:rOwner:member:user:u1",
      "label:env=prod:rSrc:user:u1",
      "source:s1:rSrc:user:u1",
      "source:s2:rSrc:user:u1",
    ]);
  });

  it("emits a permission on its target whatever the role (the engine leaves out what was not listed)", async () => {
    api()
      .get("/users/u1")
      .reply(200, {
        data: {
          user: {
            id: "u1",
            email: "a@x.example",
            permissions: [{ roleId: "rOwner", resources: [{ id: "s1", type: "SOURCE" }] }],
          },
        },
      });
    const grants = await userType.grants?.(client, { resource: storedUser("u1") }, ctx);
    expect(grants?.items.map((g) => g.id)).toEqual([
      "workspace:ws:member:user:u1",
      "source:s1:rOwner:user:u1",
    ]);
  });

  it("use permissions carried by the list page and fetch the others once each", async () => {
    api()
      .get("/users")
      .query(true)
      .reply(200, {
        data: {
          users: [
            {
              id: "u1",
              email: "u1@acme.example",
              permissions: [{ roleId: "r", resources: [{ id: "ws", type: "WORKSPACE" }] }],
            },
            { id: "u2", email: "u2@acme.example" },
          ],
          pagination: page(),
        },
      });
    api()
      .get("/users/u2")
      .reply(200, { data: { user: { id: "u2", email: "u2@acme.example", permissions: [] } } });
    const [u1, u2] = (await userType.list(client, {}, ctx)).items as Resource[];
    const grantIds = async (user: Resource) =>
      (await userType.grants?.(client, { resource: user }, ctx))?.items.map((g) => g.id);
    expect(await grantIds(u1 as Resource)).toEqual(["workspace:ws:member:user:u1", "role:r:member:user:u1"]);
    expect(await grantIds(u2 as Resource)).toEqual(["workspace:ws:member:user:u2"]);
    expect(client.stats()).toEqual({ "GET /": 1, "GET /users": 1, "GET /users/{userId}": 1 });
  });
});

describe("invite", () => {
  it("lists pending invitees with lower-cased ids and the typed email", async () => {
    api()
      .get("/invites")
      .query(true)
      .reply(200, { data: { invites: ["Maya.Okafor@Acme.example"], pagination: page() } });
    const { items } = await inviteType.list(client, {}, ctx);
    expect(ids(items)).toEqual(["invite:maya.okafor@acme.example"]);
    expect(userTraitOf(items[0] as Resource)?.emails[0]?.address).toBe("Maya.Okafor@Acme.example");
    expect(userTraitOf(items[0] as Resource)?.status?.details).toBe("invited");
  });
});

describe("group", () => {
  it("lists groups, offers membership to users and invites, and pages its grants in three listings", async () => {
    api()
      .get("/groups")
      .query(true)
      .reply(200, {
        data: { userGroups: [{ id: "g1", name: "Growth", memberCount: 3 }], pagination: page() },
      });
    const group = (await groupType.list(client, {}, ctx)).items[0] as Resource;
    const ents = await groupType.entitlements?.(client, { resource: group }, ctx);
    expect(ents?.items.map((e) => [e.id, e.grantableTo.map((t) => t.id)])).toEqual([
      ["group:g1:member", ["user", "invite"]],
    ]);

    api()
      .get("/groups/g1")
      .reply(200, {
        data: {
          userGroup: {
            id: "g1",
            name: "Growth",
            permissions: [{ roleId: "rWh", resources: [{ id: "ws", type: "WORKSPACE" }] }],
          },
        },
      });
    const first = await groupType.grants?.(client, { resource: group }, ctx);
    expect(first?.items.map((g) => g.id)).toEqual(["role:rWh:member:group:g1"]);
    const expandable = findAnnotation(first?.items[0]?.annotations ?? [], GrantExpandableSchema);
    expect(expandable?.entitlementIds).toEqual(["group:g1:member"]);

    api()
      .get("/groups/g1/users")
      .query(true)
      .reply(200, { data: { users: [{ id: "u1", email: "a@x.example" }], pagination: page() } });
    const second = await groupType.grants?.(client, { resource: group, cursor: first?.nextCursor }, ctx);
    expect(second?.items.map((g) => g.id)).toEqual(["group:g1:member:user:u1"]);

    api()
      .get("/groups/g1/invites")
      .query(true)
      .reply(200, { data: { emails: ["New.Person@x.example"], pagination: page() } });
    const third = await groupType.grants?.(client, { resource: group, cursor: second?.nextCursor }, ctx);
    expect(third?.items.map((g) => g.id)).toEqual(["group:g1:member:invite:new.person@x.example"]);
    expect(third?.nextCursor).toBeUndefined();
  });

  it("refuses a cursor it did not make", async () => {
    const group = storedUser("g1");
    await expect(groupType.grants?.(client, { resource: group, cursor: "{nope" }, ctx)).rejects.toThrow(
      /was not made by this listing/,
    );
  });
});

describe("role", () => {
  it("lists roles with the workspace-wide member entitlement for users and groups", async () => {
    withRoles();
    const { items } = await roleType.list(client, {}, ctx);
    expect(ids(items)).toEqual(ROLES.map((r) => `role:${r.id}`));
    const ents = await roleType.entitlements?.(client, { resource: items[1] as Resource }, ctx);
    expect(ents?.items.map((e) => [e.id, e.displayName, e.grantableTo.map((t) => t.id)])).toEqual([
      ["role:rSrc:member", "Source Admin (workspace-wide)", ["user", "group"]],
    ]);
  });
});

describe("permission targets", () => {
  it("list sources with their labels and offer only the roles that apply to sources", async () => {
    api()
      .get("/sources")
      .query(true)
      .reply(200, {
        data: {
          sources: [{ id: "s1", name: "iOS (prod)", labels: [{ key: "env", value: "prod" }] }],
          pagination: page(),
        },
      });
    const source = (await sourceType.list(client, {}, ctx)).items[0] as Resource;
    expect(source.description).toBe("Labels: env:prod");
    withRoles();
    const ents = await sourceType.entitlements?.(client, { resource: source }, ctx);
    expect(ents?.items.map((e) => e.id)).toEqual(["source:s1:rSrc"]);
  });

  it("name warehouses by settings.name, else by type and id", async () => {
    api()
      .get("/warehouses")
      .query(true)
      .reply(200, {
        data: {
          warehouses: [
            { id: "w-aaaaaa111111", metadata: { name: "Snowflake" }, settings: { name: "Growth Snowflake" } },
            { id: "w-bbbbbb222222", metadata: { name: "Snowflake" }, settings: {} },
          ],
          pagination: page(),
        },
      });
    const { items } = await warehouseType.list(client, {}, ctx);
    expect(items.map((r) => r.displayName)).toEqual(["Growth Snowflake", "Snowflake (222222)"]);
  });

  it("list functions type by type and stop at once without the Functions feature", async () => {
    api()
      .get("/functions")
      .query({ resourceType: "DESTINATION", "pagination.count": "200" })
      .reply(200, { data: { functions: [{ id: "f1", displayName: "Enrich" }], pagination: page() } });
    const first = await functionType.list(client, {}, ctx);
    expect(ids(first.items)).toEqual(["function:f1"]);
    expect(JSON.parse(first.nextCursor ?? "{}")).toEqual({ stage: "INSERT_DESTINATION" });
    api()
      .get("/functions")
      .query(true)
      .reply(403, { errors: [{ type: "forbidden" }] });
    expect(await functionType.list(client, { cursor: first.nextCursor }, ctx)).toEqual({ items: [] });
  });

  it("list no spaces without the Unify/Engage feature", async () => {
    api()
      .get("/spaces")
      .query(true)
      .reply(403, { errors: [{ type: "forbidden" }] });
    expect(await spaceType.list(client, {}, ctx)).toEqual({ items: [] });
  });
});

describe("label", () => {
  it("lists every defined label, then the label sets users and groups hold", async () => {
    api()
      .get("/labels")
      .reply(200, {
        data: {
          labels: [
            { key: "env", value: "prod" },
            { key: "team", value: "data" },
          ],
        },
      });
    const first = await labelType.list(client, {}, ctx);
    expect(ids(first.items)).toEqual(["label:env=prod", "label:team=data"]);
    api()
      .get("/users")
      .query(true)
      .reply(200, { data: { users: [{ id: "u1", email: "a@x.example" }], pagination: page() } });
    api()
      .get("/users/u1")
      .reply(200, {
        data: {
          user: {
            id: "u1",
            email: "a@x.example",
            permissions: [
              {
                roleId: "rSrc",
                resources: [
                  {
                    id: "ws",
                    type: "WORKSPACE",
                    labels: [
                      { key: "team", value: "data" },
                      { key: "env", value: "prod" },
                    ],
                  },
                ],
              },
            ],
          },
        },
      });
    const second = await labelType.list(client, { cursor: first.nextCursor }, ctx);
    expect(ids(second.items)).toEqual(["label:env=prod,team=data"]);
    expect(second.items[0]?.displayName).toBe("env:prod, team:data");
    api()
      .get("/groups")
      .query(true)
      .reply(200, { data: { userGroups: [], pagination: page() } });
    const third = await labelType.list(client, { cursor: second.nextCursor }, ctx);
    expect(third).toEqual({ items: [], nextCursor: undefined });
    // The permissions read by the scan serve the user's grants: no second detail call.
    const grants = await userType.grants?.(client, { resource: storedUser("u1") }, ctx);
    expect(grants?.items.map((g) => g.id)).toContain("label:env=prod,team=data:rSrc:user:u1");
    expect(client.stats()["GET /users/{userId}"]).toBe(1);
  });
});
