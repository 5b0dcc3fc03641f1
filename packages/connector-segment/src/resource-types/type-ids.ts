import type { PermissionTargetType } from "../client/schemas/permission.js";

/** The resource type ids (docs/connectors/segment.md): stable public names, part of every id in a c1z. */
export const TYPE = {
  workspace: "workspace",
  user: "user",
  invite: "invite",
  group: "group",
  role: "role",
  source: "source",
  warehouse: "warehouse",
  function: "function",
  space: "space",
  label: "label",
} as const;

/** The slug of every assignment entitlement (`workspace:<ws>:member`, `group:<gid>:member`, `role:<id>:member`). */
export const MEMBER = "member";

/** Instance targets of a permission and the resource type each maps to (never another type: defect 13). */
export type InstanceTargetType = Exclude<PermissionTargetType, "WORKSPACE">;
export type InstanceResourceType = "source" | "warehouse" | "function" | "space";

export const RESOURCE_TYPE_OF_TARGET: Readonly<Record<InstanceTargetType, InstanceResourceType>> = {
  SOURCE: "source",
  WAREHOUSE: "warehouse",
  FUNCTION: "function",
  SPACE: "space",
};

export const TARGET_OF_RESOURCE_TYPE: Readonly<Record<InstanceResourceType, InstanceTargetType>> = {
  source: "SOURCE",
  warehouse: "WAREHOUSE",
  function: "FUNCTION",
  space: "SPACE",
};
