import { userTraitOf } from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { api, page, storedUser, useSegmentApi } from "../../test/fixtures.js";
import { userType } from "./user.js";

const segment = useSegmentApi();

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
    const { items, nextCursor } = await userType.list(segment.client, {}, segment.ctx);
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
    const grants = await userType.grants?.(segment.client, { resource: ada }, segment.ctx);
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
    const grants = await userType.grants?.(segment.client, { resource: storedUser("u1") }, segment.ctx);
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
    const [u1, u2] = (await userType.list(segment.client, {}, segment.ctx)).items as Resource[];
    const grantIds = async (user: Resource) =>
      (await userType.grants?.(segment.client, { resource: user }, segment.ctx))?.items.map((g) => g.id);
    expect(await grantIds(u1 as Resource)).toEqual(["workspace:ws:member:user:u1", "role:r:member:user:u1"]);
    expect(await grantIds(u2 as Resource)).toEqual(["workspace:ws:member:user:u2"]);
    expect(segment.client.stats()).toEqual({ "GET /": 1, "GET /users": 1, "GET /users/{userId}": 1 });
  });
});
