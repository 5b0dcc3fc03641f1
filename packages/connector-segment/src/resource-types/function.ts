import { resource } from "@baton-ts/connector-sdk";
import { FUNCTION_RESOURCE_TYPES } from "../client/schemas/functions.js";
import { decodeStageCursor, nextStageCursor } from "./stage-cursor.js";
import { targetType } from "./target-type.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/**
 * Functions of all five `resourceType` values (the Go connector listed three, defect 7): the API
 * needs one listing per value. A workspace without the Functions feature has none.
 */
export const functionType = targetType({
  id: TYPE.function,
  displayName: "Function",
  description: "A Segment function (any of the five function types): a permission target",
  async list(client, cursor, ctx) {
    const parent = await workspaceParent(client, ctx);
    if (cursor === undefined || cursor === "") client.published.begin(TYPE.function);
    const { stage, cursor: apiCursor } = decodeStageCursor(cursor, FUNCTION_RESOURCE_TYPES);
    const page = await client.listFunctions(stage, apiCursor, { signal: ctx.signal });
    if (page.unavailable) {
      client.published.finish(TYPE.function);
      return { items: [] };
    }
    const items = page.items.map((fn) => {
      client.published.add(TYPE.function, fn.id);
      return resource({
        type: TYPE.function,
        id: fn.id,
        displayName: fn.displayName || fn.id,
        description: [fn.resourceType ?? stage, fn.description].filter(Boolean).join(": "),
        parent,
      });
    });
    const nextCursor = nextStageCursor(FUNCTION_RESOURCE_TYPES, stage, page.next);
    if (nextCursor === undefined) client.published.finish(TYPE.function);
    return { items, nextCursor };
  },
});
