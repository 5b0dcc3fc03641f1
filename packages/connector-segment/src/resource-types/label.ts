import {
  type CallContext,
  ConnectorError,
  permissionEntitlement,
  type ResourceTypeDefinition,
  resource,
} from "@baton-ts/connector-sdk";
import type { Resource, ResourceId } from "@baton-ts/protocol";
import { mapLimit } from "../client/map-limit.js";
import type { Permission } from "../client/schemas/permission.js";
import type { SegmentClient } from "../client/segment-client.js";
import { entitlementParts } from "./entitlement-parts.js";
import { type LabelRef, labelSetDisplayName, labelSetId, parseLabelSetId } from "./label-set.js";
import { type PermissionScope, permissionEntries } from "./permission-entries.js";
import { grantPermission, revokePermission } from "./permission-provisioning.js";
import { roleApplicability } from "./role-applicability.js";
import { decodeStageCursor, nextStageCursor } from "./stage-cursor.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** Detail calls in flight while the label scan reads one page of users or groups. */
const DETAIL_CONCURRENCY = 8;

/**
 * The label scan: every label defined in the workspace (`GET /labels`), then every label set used by
 * a user's or a group's permissions. Listing resources comes before grants in a sync, so label sets
 * must be found here; the permissions read on the way are kept in the client's cache and reused by
 * the users' and groups' grants (still at most one detail call per subject).
 */
const STAGES = ["labels", "users", "groups"] as const;

const labelResource = (labels: readonly LabelRef[], parent: ResourceId): Resource => {
  const shown = labelSetDisplayName(labels);
  return resource({
    type: TYPE.label,
    id: labelSetId(labels),
    displayName: shown,
    description: `Workspace resources (sources, spaces) labelled ${shown}`,
    parent,
  });
};

const labelSetsOf = (permissionLists: readonly (readonly Permission[])[]): LabelRef[][] => {
  const sets = new Map<string, LabelRef[]>();
  for (const permissions of permissionLists) {
    for (const entry of permissionEntries(permissions)) {
      if (entry.scope.kind === "label") sets.set(entry.scope.setId, [...entry.scope.labels]);
    }
  }
  return [...sets.values()];
};

const scanUsers = async (client: SegmentClient, cursor: string | undefined, ctx: CallContext) => {
  const page = await client.listUsers(cursor, { signal: ctx.signal });
  // Permissions on the page itself are fresh (listUsers cached them); anything older in the cache is
  // not trusted here, so a client reused across syncs never publishes a previous sync's permissions.
  const lists = await mapLimit(page.items, DETAIL_CONCURRENCY, async (user) => {
    if (user.permissions) return user.permissions;
    const permissions = (await client.getUser(user.id, { signal: ctx.signal })).permissions ?? [];
    client.permissionCache.remember("user", user.id, permissions);
    return permissions;
  });
  return { sets: labelSetsOf(lists), next: page.next };
};

const scanGroups = async (client: SegmentClient, cursor: string | undefined, ctx: CallContext) => {
  const page = await client.listGroups(cursor, { signal: ctx.signal });
  const lists = await mapLimit(page.items, DETAIL_CONCURRENCY, async (group) => {
    if (group.permissions) return group.permissions;
    const permissions = (await client.getGroup(group.id, { signal: ctx.signal })).permissions ?? [];
    client.permissionCache.remember("group", group.id, permissions);
    return permissions;
  });
  return { sets: labelSetsOf(lists), next: page.next };
};

const labelScope = async (
  client: SegmentClient,
  setId: string,
  ctx: CallContext,
): Promise<PermissionScope> => {
  const labels = parseLabelSetId(setId);
  const workspaceId = (await client.workspace({ signal: ctx.signal })).id;
  return { kind: "label", workspaceId, labels, setId: labelSetId(labels) };
};

/**
 * Label sets: `label:<set>:<roleId>` means "holds the role on workspace resources carrying these
 * labels". A label-restricted permission is published here, never as the workspace-wide role
 * (defects 9 and 14), and provisioning writes it with its labels.
 */
export const labelType: ResourceTypeDefinition<SegmentClient> = {
  id: TYPE.label,
  displayName: "Label set",
  description: "A set of Segment labels that restricts a role to the sources and spaces carrying them",
  async list(client, { cursor }, ctx) {
    const parent = await workspaceParent(client, ctx);
    if (cursor === undefined || cursor === "") client.published.begin(TYPE.label);
    const { stage, cursor: apiCursor } = decodeStageCursor(cursor, STAGES);
    let sets: LabelRef[][];
    let next: string | undefined;
    if (stage === "labels") {
      sets = (await client.listLabels({ signal: ctx.signal })).map((label) => [
        { key: label.key, value: label.value },
      ]);
    } else {
      ({ sets, next } = await (stage === "users" ? scanUsers : scanGroups)(client, apiCursor, ctx));
    }
    const items = sets.map((labels) => labelResource(labels, parent));
    for (const item of items) client.published.add(TYPE.label, item.id?.resource ?? "");
    const nextCursor = nextStageCursor(STAGES, stage, next);
    if (nextCursor === undefined) client.published.finish(TYPE.label);
    return { items, nextCursor };
  },
  async entitlements(client, { resource: labelSet }, ctx) {
    const roles = await client.allRoles({ signal: ctx.signal });
    return {
      items: roles
        .filter((role) => roleApplicability(role.name).labelScoped)
        .map((role) =>
          permissionEntitlement(labelSet, role.id, {
            displayName: `${role.name} on ${labelSet.displayName}`,
            description: `Holds the ${role.name} role on the sources and spaces labelled ${labelSet.displayName}`,
            grantableTo: [TYPE.user, TYPE.group],
          }),
        ),
    };
  },
  async grant(client, { entitlement, principal }, ctx) {
    const { resourceId, slug: roleId } = entitlementParts(entitlement, TYPE.label);
    return grantPermission(client, principal, roleId, await labelScope(client, resourceId, ctx), ctx);
  },
  async revoke(client, { grant: held }, ctx) {
    if (!held.entitlement || !held.principal)
      throw new ConnectorError("invalid-argument", `grant "${held.id}" is incomplete`);
    const { resourceId, slug: roleId } = entitlementParts(held.entitlement, TYPE.label);
    return revokePermission(client, held, roleId, await labelScope(client, resourceId, ctx), ctx);
  },
};
