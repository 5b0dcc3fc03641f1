import type { Permission, PermissionResource, SegmentLabel } from "../client/schemas/permission.js";
import { type LabelRef, labelSetId } from "./label-set.js";
import { type InstanceTargetType, RESOURCE_TYPE_OF_TARGET, TYPE } from "./type-ids.js";

/**
 * What one (role, resource) pair of a permission grants, in the access model's terms:
 * - `workspace`: the role workspace-wide with no label restriction → `role:<roleId>:member`
 * - `label`: the role on workspace resources carrying a label set → `label:<set>:<roleId>`
 * - `instance`: the role on one source/warehouse/function/space → `<type>:<id>:<roleId>`
 */
export type PermissionScope =
  | { readonly kind: "workspace"; readonly workspaceId: string }
  | {
      readonly kind: "label";
      readonly workspaceId: string;
      readonly labels: readonly LabelRef[];
      readonly setId: string;
    }
  | { readonly kind: "instance"; readonly targetType: InstanceTargetType; readonly id: string };

export interface PermissionEntry {
  readonly roleId: string;
  readonly scope: PermissionScope;
}

/**
 * A WORKSPACE resource's label restriction: its own labels plus permission-level ones (the read shape
 * allows both). Any label at all makes the entry narrower than workspace-wide, never wider.
 */
const effectiveLabels = (permission: Permission, resource: PermissionResource): SegmentLabel[] => [
  ...(resource.labels ?? []),
  ...(permission.labels ?? []),
];

export const scopeOf = (permission: Permission, resource: PermissionResource): PermissionScope => {
  if (resource.type === "WORKSPACE") {
    const labels = effectiveLabels(permission, resource);
    if (labels.length === 0) return { kind: "workspace", workspaceId: resource.id };
    const refs = labels.map((label) => ({ key: label.key, value: label.value }));
    return { kind: "label", workspaceId: resource.id, labels: refs, setId: labelSetId(refs) };
  }
  return { kind: "instance", targetType: resource.type, id: resource.id };
};

/** Every (role, resource) pair of a subject's permissions; one permission may list several resources. */
export const permissionEntries = (permissions: readonly Permission[]): PermissionEntry[] =>
  permissions.flatMap((permission) =>
    permission.resources.map((resource) => ({
      roleId: permission.roleId,
      scope: scopeOf(permission, resource),
    })),
  );

export const sameScope = (a: PermissionScope, b: PermissionScope): boolean => {
  if (a.kind === "workspace" && b.kind === "workspace") return a.workspaceId === b.workspaceId;
  if (a.kind === "label" && b.kind === "label") return a.workspaceId === b.workspaceId && a.setId === b.setId;
  if (a.kind === "instance" && b.kind === "instance") return a.targetType === b.targetType && a.id === b.id;
  return false;
};

/** The resource (type, id) and entitlement slug a scope's grant is published on. */
export const entitlementTarget = (
  entry: PermissionEntry,
): { readonly type: string; readonly id: string; readonly slug: string } => {
  switch (entry.scope.kind) {
    case "workspace":
      return { type: TYPE.role, id: entry.roleId, slug: "member" };
    case "label":
      return { type: TYPE.label, id: entry.scope.setId, slug: entry.roleId };
    case "instance":
      return {
        type: RESOURCE_TYPE_OF_TARGET[entry.scope.targetType],
        id: entry.scope.id,
        slug: entry.roleId,
      };
  }
};
