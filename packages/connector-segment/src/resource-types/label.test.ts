import { describe, expect, it } from "vitest";
import { api, ids, page, storedUser, useSegmentApi } from "../../test/fixtures.js";
import { labelType } from "./label.js";
import { userType } from "./user.js";

const segment = useSegmentApi();

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
    const first = await labelType.list(segment.client, {}, segment.ctx);
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
    const second = await labelType.list(segment.client, { cursor: first.nextCursor }, segment.ctx);
    expect(ids(second.items)).toEqual(["label:env=prod,team=data"]);
    expect(second.items[0]?.displayName).toBe("env:prod, team:data");
    api()
      .get("/groups")
      .query(true)
      .reply(200, { data: { userGroups: [], pagination: page() } });
    const third = await labelType.list(segment.client, { cursor: second.nextCursor }, segment.ctx);
    expect(third).toEqual({ items: [], nextCursor: undefined });
    // The permissions read by the scan serve the user's grants: no second detail call.
    const grants = await userType.grants?.(segment.client, { resource: storedUser("u1") }, segment.ctx);
    expect(grants?.items.map((g) => g.id)).toContain("label:env=prod,team=data:rSrc:user:u1");
    expect(segment.client.stats()["GET /users/{userId}"]).toBe(1);
  });
});
