import type { Resource } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { ids, useSegmentApi } from "../../test/fixtures.js";
import { workspaceType } from "./workspace.js";

const segment = useSegmentApi();

describe("workspace", () => {
  it("lists the token's workspace with its member entitlement", async () => {
    const { items } = await workspaceType.list(segment.client, {}, segment.ctx);
    expect(ids(items)).toEqual(["workspace:ws"]);
    expect(items[0]?.displayName).toBe("Acme");
    const ents = await workspaceType.entitlements?.(
      segment.client,
      { resource: items[0] as Resource },
      segment.ctx,
    );
    expect(ents?.items.map((e) => [e.id, e.grantableTo.map((t) => t.id)])).toEqual([
      ["workspace:ws:member", ["user"]],
    ]);
  });
});
