import { mapPage, resource, type StagePage, stageSequence } from "@baton-ts/connector-sdk";
import type { Resource, ResourceId } from "@baton-ts/protocol";
import {
  FUNCTION_RESOURCE_TYPES,
  type FunctionResourceType,
  type SegmentFunction,
} from "../client/schemas/functions.js";
import { targetType } from "./target-type.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** The API lists functions of one `resourceType` at a time: one stage per value. */
const FUNCTION_LISTINGS = stageSequence(...FUNCTION_RESOURCE_TYPES);

export const functionFromApi = (fn: SegmentFunction, listedAs: string, parent: ResourceId) =>
  resource({
    type: TYPE.function,
    id: fn.id,
    displayName: fn.displayName || fn.id,
    description: [fn.resourceType ?? listedAs, fn.description].filter(Boolean).join(": "),
    parent,
  });

/**
 * Functions of all five `resourceType` values (the Go connector listed three, defect 7). A workspace
 * without the Functions feature has none: the first refused listing ends the whole listing.
 */
export const functionType = targetType({
  id: TYPE.function,
  displayName: "Function",
  description: "A Segment function (any of the five function types): a permission target",
  async list(client, cursor) {
    const parent = await workspaceParent(client);
    let unavailable = false;
    const listing = (type: FunctionResourceType) => async (apiCursor: string | undefined) => {
      const page = await client.listFunctions(type, apiCursor);
      unavailable = page.unavailable === true;
      return mapPage(page, (fn) => functionFromApi(fn, type, parent));
    };
    const page = await FUNCTION_LISTINGS.page(
      cursor,
      Object.fromEntries(FUNCTION_RESOURCE_TYPES.map((type) => [type, listing(type)])) as Record<
        FunctionResourceType,
        StagePage<Resource>
      >,
    );
    return unavailable ? { items: [] } : page;
  },
});
