import { findAnnotation } from "@baton-ts/connector-sdk";
import { GrantExpandableSchema, type Resource } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { api, page, storedUser, useSegmentApi } from "../../test/fixtures.js";
import { groupType } from "./group.js";

const segment = useSegmentApi();

describe("group", () => {
  it("lists groups, offers membership to users and invites, and pages its grants in three listings", async () => {
    api()
      .get("/groups")
      .query(true)
      .reply(200, {
        data: { userGroups: [{ id: "g1", name: "Growth", memberCount: 3 }], pagination: page() },
      });
    const group = (await groupType.list(segment.client, {}, segment.ctx)).items[0] as Resource;
    const ents = await groupType.entitlements?.(segment.client, { resource: group }, segment.ctx);
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
    const first = await groupType.grants?.(segment.client, { resource: group }, segment.ctx);
    expect(first?.items.map((g) => g.id)).toEqual(["role:rWh:member:group:g1"]);
    const expandable = findAnnotation(first?.items[0]?.annotations ?? [], GrantExpandableSchema);
    expect(expandable?.entitlementIds).toEqual(["group:g1:member"]);

    api()
      .get("/groups/g1/users")
      .query(true)
      .reply(200, { data: { users: [{ id: "u1", email: "a@x.example" }], pagination: page() } });
    const second = await groupType.grants?.(
      segment.client,
      { resource: group, cursor: first?.nextCursor },
      segment.ctx,
    );
    expect(second?.items.map((g) => g.id)).toEqual(["group:g1:member:user:u1"]);

    api()
      .get("/groups/g1/invites")
      .query(true)
      .reply(200, { data: { emails: ["New.Person@x.example"], pagination: page() } });
    const third = await groupType.grants?.(
      segment.client,
      { resource: group, cursor: second?.nextCursor },
      segment.ctx,
    );
    expect(third?.items.map((g) => g.id)).toEqual(["group:g1:member:invite:new.person@x.example"]);
    expect(third?.nextCursor).toBeUndefined();
  });

  it("refuses a cursor it did not make", async () => {
    const group = storedUser("g1");
    await expect(
      groupType.grants?.(segment.client, { resource: group, cursor: "{nope" }, segment.ctx),
    ).rejects.toThrow(/was not made by this listing/);
  });
});
