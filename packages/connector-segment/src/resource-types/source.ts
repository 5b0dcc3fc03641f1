import { resource } from "@baton-ts/connector-sdk";
import { labelSetDisplayName } from "./label-set.js";
import { targetType } from "./target-type.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** Sources (`GET /sources`): permission targets; their labels are shown in the description. */
export const sourceType = targetType({
  id: TYPE.source,
  displayName: "Source",
  description: "A Segment source: a permission target",
  async list(client, cursor, ctx) {
    const parent = await workspaceParent(client, ctx);
    if (cursor === undefined || cursor === "") client.published.begin(TYPE.source);
    const page = await client.listSources(cursor, { signal: ctx.signal });
    const items = page.items.map((source) => {
      client.published.add(TYPE.source, source.id);
      const labels = source.labels ?? [];
      return resource({
        type: TYPE.source,
        id: source.id,
        displayName: source.name || source.slug || source.id,
        ...(labels.length > 0 ? { description: `Labels: ${labelSetDisplayName(labels)}` } : {}),
        parent,
      });
    });
    if (page.next === undefined) client.published.finish(TYPE.source);
    return { items, nextCursor: page.next };
  },
});
