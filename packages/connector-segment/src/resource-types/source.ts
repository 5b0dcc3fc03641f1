import { mapPage, resource } from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { SegmentSource } from "../client/schemas/sources.js";
import { labelSetDisplayName } from "./label-set.js";
import { targetType } from "./target-type.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

export const sourceFromApi = (source: SegmentSource, parent: ResourceId) => {
  const labels = source.labels ?? [];
  return resource({
    type: TYPE.source,
    id: source.id,
    displayName: source.name || source.slug || source.id,
    description: labels.length > 0 ? `Labels: ${labelSetDisplayName(labels)}` : undefined,
    parent,
  });
};

/** Sources (`GET /sources`): permission targets; their labels are shown in the description. */
export const sourceType = targetType({
  id: TYPE.source,
  displayName: "Source",
  description: "A Segment source: a permission target",
  async list(client, cursor) {
    const parent = await workspaceParent(client);
    return mapPage(await client.listSources(cursor), (source) => sourceFromApi(source, parent));
  },
});
