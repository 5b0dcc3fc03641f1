import { resource } from "@baton-ts/connector-sdk";
import type { SegmentWarehouse } from "../client/schemas/warehouses.js";
import { targetType } from "./target-type.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/**
 * A warehouse has no top-level name and `metadata.name` is its type ("Snowflake"): use the name a
 * person gave it (`settings.name`), else the type plus the end of the id, so that two Snowflake
 * warehouses never look the same (defect 11).
 */
export const warehouseDisplayName = (warehouse: SegmentWarehouse): string => {
  const given = warehouse.settings?.name;
  if (typeof given === "string" && given.trim() !== "") return given.trim();
  return `${warehouse.metadata?.name || "Warehouse"} (${warehouse.id.slice(-6)})`;
};

/** Warehouses (`GET /warehouses`): permission targets. */
export const warehouseType = targetType({
  id: TYPE.warehouse,
  displayName: "Warehouse",
  description: "A Segment warehouse: a permission target",
  async list(client, cursor, ctx) {
    const parent = await workspaceParent(client, ctx);
    if (cursor === undefined || cursor === "") client.published.begin(TYPE.warehouse);
    const page = await client.listWarehouses(cursor, { signal: ctx.signal });
    const items = page.items.map((warehouse) => {
      client.published.add(TYPE.warehouse, warehouse.id);
      return resource({
        type: TYPE.warehouse,
        id: warehouse.id,
        displayName: warehouseDisplayName(warehouse),
        ...(warehouse.metadata?.name ? { description: `${warehouse.metadata.name} warehouse` } : {}),
        parent,
      });
    });
    if (page.next === undefined) client.published.finish(TYPE.warehouse);
    return { items, nextCursor: page.next };
  },
});
