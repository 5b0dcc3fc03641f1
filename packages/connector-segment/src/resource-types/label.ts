import {
  type CallContext,
  type EntitlementRef,
  mapPage,
  type Page,
  pageOf,
  permissionEntitlement,
  provisionTargetOf,
  type ResourceTypeDefinition,
  resource,
  stageSequence,
} from "@baton-ts/connector-sdk";
import type { Resource, ResourceId } from "@baton-ts/protocol";
import { mapLimit } from "../client/map-limit.js";
import type { Permission } from "../client/schemas/permission.js";
import type { SegmentClient } from "../client/segment-client.js";
import { type LabelRef, labelSetDisplayName, labelSetId, parseLabelSetId } from "./label-set.js";
import { type PermissionScope, permissionEntries } from "./permission-entries.js";
import { grantPermission, revokePermission } from "./permission-provisioning.js";
import { roleApplicability } from "./role-applicability.js";
import { fetchPermissions, type Subject } from "./subject-permissions.js";
import { TYPE } from "./type-ids.js";
import { workspaceParent } from "./workspace-parent.js";

/** Detail calls in flight while the label scan reads one page of users or groups. */
const DETAIL_CONCURRENCY = 8;

/**
 * The label scan: every label defined in the workspace (`GET /labels`), then every label set used by
 * a user's or a group's permissions. Listing resources comes before grants in a sync, so label sets
 * must be found here; the permissions read on the way are kept in the session for the users' and
 * groups' grants (still at most one detail call per subject).
 */
const LABEL_SCAN = stageSequence("labels", "users", "groups");

export const labelSetFromApi = (labels: readonly LabelRef[], parent: ResourceId): Resource => {
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

/**
 * The label sets of one page of users or groups: their permissions from the page when it carries
 * them (the listing itself kept those), else one detail call each, kept for their grants.
 */
const scanPage =
  (client: SegmentClient, { session }: CallContext, subject: Subject) =>
  async (cursor: string | undefined) => {
    const page: Page<{ readonly id: string; readonly permissions?: Permission[] | null | undefined }> =
      subject === "user" ? await client.listUsers(cursor) : await client.listGroups(cursor);
    const lists = await mapLimit(
      page.items,
      DETAIL_CONCURRENCY,
      async (item) => item.permissions ?? (await fetchPermissions(client, session, subject, item.id)),
    );
    return pageOf(labelSetsOf(lists), page.nextCursor);
  };

/** `label:<set>:<roleId>` → the role, on the workspace resources carrying those labels. */
const roleOnLabelSet = async (
  client: SegmentClient,
  { resourceId: setId, slug: roleId }: EntitlementRef,
): Promise<{ roleId: string; scope: PermissionScope }> => {
  const labels = parseLabelSetId(setId);
  const workspaceId = (await client.workspace()).id;
  return { roleId, scope: { kind: "label", workspaceId, labels, setId: labelSetId(labels) } };
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
    const parent = await workspaceParent(client);
    const page = await LABEL_SCAN.page(cursor, {
      labels: async () =>
        pageOf((await client.listLabels()).map((label) => [{ key: label.key, value: label.value }])),
      users: scanPage(client, ctx, "user"),
      groups: scanPage(client, ctx, "group"),
    });
    return mapPage(page, (labels) => labelSetFromApi(labels, parent));
  },
  async entitlements(client, { resource: labelSet }, { session }) {
    const roles = await client.allRoles(session);
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
  async grant(client, args, ctx) {
    const { entitlementRef, principal } = provisionTargetOf(args);
    return grantPermission(client, { principal, ...(await roleOnLabelSet(client, entitlementRef)) }, ctx);
  },
  async revoke(client, args, ctx) {
    const { entitlementRef, principal } = provisionTargetOf(args);
    const role = await roleOnLabelSet(client, entitlementRef);
    return revokePermission(client, { principal, ...role }, args.grant, ctx);
  },
};
