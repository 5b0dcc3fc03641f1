import type { Resource } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { api, ids, page, useSegmentApi, withRoles } from "../../test/fixtures.js";
import { functionType } from "./function.js";
import { sourceType } from "./source.js";
import { spaceType } from "./space.js";
import { warehouseType } from "./warehouse.js";

const segment = useSegmentApi();

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
    const source = (await sourceType.list(segment.client, {}, segment.ctx)).items[0] as Resource;
    expect(source.description).toBe("Labels: env:prod");
    withRoles();
    const ents = await sourceType.entitlements?.(segment.client, { resource: source }, segment.ctx);
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
    const { items } = await warehouseType.list(segment.client, {}, segment.ctx);
    expect(items.map((r) => r.displayName)).toEqual(["Growth Snowflake", "Snowflake (222222)"]);
  });

  it("list functions type by type and stop at once without the Functions feature", async () => {
    api()
      .get("/functions")
      .query({ resourceType: "DESTINATION", "pagination.count": "200" })
      .reply(200, { data: { functions: [{ id: "f1", displayName: "Enrich" }], pagination: page() } });
    const first = await functionType.list(segment.client, {}, segment.ctx);
    expect(ids(first.items)).toEqual(["function:f1"]);
    expect(JSON.parse(first.nextCursor ?? "{}")).toEqual({ stage: "INSERT_DESTINATION" });
    api()
      .get("/functions")
      .query(true)
      .reply(403, { errors: [{ type: "forbidden" }] });
    expect(await functionType.list(segment.client, { cursor: first.nextCursor }, segment.ctx)).toEqual({
      items: [],
    });
  });

  it("list no spaces without the Unify/Engage feature", async () => {
    api()
      .get("/spaces")
      .query(true)
      .reply(403, { errors: [{ type: "forbidden" }] });
    expect(await spaceType.list(segment.client, {}, segment.ctx)).toEqual({ items: [] });
  });
});
