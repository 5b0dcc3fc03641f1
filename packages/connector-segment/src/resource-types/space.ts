import { resource } from "@baton-ts/connector-sdk";
import { targetType } from "./target-type.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** Unify/Engage spaces (`GET /spaces`, alpha). A workspace without the feature has none. */
export const spaceType = targetType({
  id: TYPE.space,
  displayName: "Space",
  description: "A Unify/Engage space: a permission target",
  async list(client, cursor, ctx) {
    const parent = await workspaceParent(client, ctx);
    if (cursor === undefined || cursor === "") client.published.begin(TYPE.space);
    const page = await client.listSpaces(cursor, { signal: ctx.signal });
    const items = page.items.map((space) => {
      client.published.add(TYPE.space, space.id);
      return resource({
        type: TYPE.space,
        id: space.id,
        displayName: space.name || space.slug || space.id,
        parent,
      });
    });
    if (page.next === undefined) client.published.finish(TYPE.space);
    return { items, nextCursor: page.next };
  },
});
