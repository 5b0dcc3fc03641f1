import { mapPage, resource } from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { SegmentSpace } from "../client/schemas/spaces.js";
import { targetType } from "./target-type.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

export const spaceFromApi = (space: SegmentSpace, parent: ResourceId) =>
  resource({ type: TYPE.space, id: space.id, displayName: space.name || space.slug || space.id, parent });

/** Unify/Engage spaces (`GET /spaces`, alpha). A workspace without the feature has none. */
export const spaceType = targetType({
  id: TYPE.space,
  displayName: "Space",
  description: "A Unify/Engage space: a permission target",
  async list(client, cursor) {
    const parent = await workspaceParent(client);
    return mapPage(await client.listSpaces(cursor), (space) => spaceFromApi(space, parent));
  },
});
