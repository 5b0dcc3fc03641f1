import { mapPage, resource } from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
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

export const warehouseFromApi = (warehouse: SegmentWarehouse, parent: ResourceId) =>
  resource({
    type: TYPE.warehouse,
    id: warehouse.id,
    displayName: warehouseDisplayName(warehouse),
    description: warehouse.metadata?.name ? `${warehouse.metadata.name} warehouse` : undefined,
    parent,
  });

/** Warehouses (`GET /warehouses`): permission targets. */
export const warehouseType = targetType({
  id: TYPE.warehouse,
  displayName: "Warehouse",
  description: "A Segment warehouse: a permission target",
  async list(client, cursor) {
    const parent = await workspaceParent(client);
    return mapPage(await client.listWarehouses(cursor), (warehouse) => warehouseFromApi(warehouse, parent));
  },
});
