import type {
  Permission,
  PermissionResource,
  PermissionTargetType,
  SegmentLabel,
} from "./schemas/permission.js";

/** A label as written back: exactly what was read (key, value and the description if it had one). */
export interface LabelInput {
  readonly key: string;
  readonly value: string;
  readonly description?: string | undefined;
}

export interface PermissionResourceInput {
  readonly id: string;
  readonly type: PermissionTargetType;
  readonly labels?: readonly LabelInput[] | undefined;
}

/** PermissionInputV1: no `roleName` (not part of the input model; sending it risks a 422). */
export interface PermissionInput {
  readonly roleId: string;
  readonly resources: readonly PermissionResourceInput[];
  /** Permission-level labels, echoed when the read shape had them. */
  readonly labels?: readonly LabelInput[] | undefined;
}

const labelInputs = (labels: readonly SegmentLabel[] | null | undefined): LabelInput[] | undefined =>
  labels && labels.length > 0
    ? labels.map((label) => ({
        key: label.key,
        value: label.value,
        description: label.description || undefined,
      }))
    : undefined;

export const toResourceInput = (resource: PermissionResource): PermissionResourceInput => ({
  id: resource.id,
  type: resource.type,
  labels: labelInputs(resource.labels),
});

/** The read shape → the write shape, labels kept exactly, `roleName` dropped. */
export const toPermissionInput = (permission: Permission): PermissionInput => ({
  roleId: permission.roleId,
  resources: permission.resources.map(toResourceInput),
  labels: labelInputs(permission.labels),
});
