import { fileURLToPath } from "node:url";

/** The sample program, built (`dist/bin/baton-sample.js`): the service-mode tests spawn it. */
export const SAMPLE_BIN = fileURLToPath(new URL("../../dist/bin/baton-sample.js", import.meta.url));

/** The sample connector's objects as a ConductorOne task carries them (JSON form of the protobuf messages). */
export const group = (id: string) => ({ id: { resourceType: "group", resource: id }, displayName: id });
export const user = (id: string) => ({ id: { resourceType: "user", resource: id }, displayName: id });
export const membership = (groupId: string) => ({
  id: `group:${groupId}:member`,
  slug: "member",
  resource: group(groupId),
  grantableTo: [{ id: "user" }],
});
