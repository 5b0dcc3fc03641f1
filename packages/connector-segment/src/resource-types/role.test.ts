import type { Resource } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { ids, ROLES, useSegmentApi, withRoles } from "../../test/fixtures.js";
import { roleType } from "./role.js";

const segment = useSegmentApi();

describe("role", () => {
  it("lists roles with the workspace-wide member entitlement for users and groups", async () => {
    withRoles();
    const { items } = await roleType.list(segment.client, {}, segment.ctx);
    expect(ids(items)).toEqual(ROLES.map((r) => `role:${r.id}`));
    const ents = await roleType.entitlements?.(
      segment.client,
      { resource: items[1] as Resource },
      segment.ctx,
    );
    expect(ents?.items.map((e) => [e.id, e.displayName, e.grantableTo.map((t) => t.id)])).toEqual([
      ["role:rSrc:member", "Source Admin (workspace-wide)", ["user", "group"]],
    ]);
  });
});
