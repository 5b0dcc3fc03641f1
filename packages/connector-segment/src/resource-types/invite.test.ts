import { userTraitOf } from "@baton-ts/connector-sdk";
import type { Resource } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { api, ids, page, useSegmentApi } from "../../test/fixtures.js";
import { inviteType } from "./invite.js";

const segment = useSegmentApi();

describe("invite", () => {
  it("lists pending invitees with lower-cased ids and the typed email", async () => {
    api()
      .get("/invites")
      .query(true)
      .reply(200, { data: { invites: ["Maya.Okafor@Acme.example"], pagination: page() } });
    const { items } = await inviteType.list(segment.client, {}, segment.ctx);
    expect(ids(items)).toEqual(["invite:maya.okafor@acme.example"]);
    expect(userTraitOf(items[0] as Resource)?.emails[0]?.address).toBe("Maya.Okafor@Acme.example");
    expect(userTraitOf(items[0] as Resource)?.status?.details).toBe("invited");
  });
});
