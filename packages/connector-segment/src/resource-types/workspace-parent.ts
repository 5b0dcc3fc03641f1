import { resourceId } from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { SegmentClient } from "../client/segment-client.js";
import { TYPE } from "./type-ids.js";

/** Every Segment resource hangs under the token's one workspace (read once per client). */
export const workspaceParent = async (client: SegmentClient): Promise<ResourceId> =>
  resourceId(TYPE.workspace, (await client.workspace()).id);
