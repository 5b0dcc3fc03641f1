import type { PermissionTargetType, RoleSpec } from "./role-catalog.js";

/** The simulator's in-memory workspace. Tests read and change it directly (it is the "server side"). */
export interface SimLabel {
  key: string;
  value: string;
  description?: string;
}

/** One label reference inside a permission, as stored (key and value only). */
export interface SimLabelRef {
  key: string;
  value: string;
}

export interface SimPermissionResource {
  id: string;
  type: PermissionTargetType;
  labels?: SimLabelRef[];
}

/** One access policy of a subject: a role on one or more resources, optionally label-restricted. */
export interface SimPermission {
  policyId: string;
  roleId: string;
  resources: SimPermissionResource[];
  /** Permission-level labels (the read shape allows them; invites use this form). */
  labels?: SimLabelRef[];
}

export interface SimUser {
  id: string;
  name: string;
  email: string;
  permissions: SimPermission[];
}

export interface SimInvite {
  /** As the inviter typed it: case is kept, matching is case-insensitive. */
  email: string;
  permissions: SimPermission[];
}

export interface SimGroup {
  id: string;
  name: string;
  /** Member user ids, in insertion order. */
  userIds: Set<string>;
  /** Pending invitees' emails (as stored in `invites`), in insertion order. */
  inviteEmails: Set<string>;
  permissions: SimPermission[];
}

export interface SimRole extends RoleSpec {
  id: string;
}

export interface SimSource {
  id: string;
  slug: string;
  name: string;
  enabled: boolean;
  labels: SimLabelRef[];
}

export interface SimWarehouse {
  id: string;
  enabled: boolean;
  /** The warehouse type (Snowflake, …): what `metadata.name` holds in the real API. */
  kind: { id: string; name: string; slug: string };
  /** The display name a person gave it; absent on some warehouses, like the real API. */
  settingsName?: string;
}

export type FunctionResourceType =
  | "DESTINATION"
  | "INSERT_DESTINATION"
  | "INSERT_SOURCE"
  | "INSERT_TRANSFORMATION"
  | "SOURCE";

export const FUNCTION_RESOURCE_TYPES: readonly FunctionResourceType[] = [
  "DESTINATION",
  "INSERT_DESTINATION",
  "INSERT_SOURCE",
  "INSERT_TRANSFORMATION",
  "SOURCE",
];

export interface SimFunction {
  id: string;
  displayName: string;
  description: string;
  resourceType: FunctionResourceType;
  createdAt: string;
}

export interface SimSpace {
  id: string;
  slug: string;
  name: string;
}

export interface SimWorkspace {
  id: string;
  slug: string;
  name: string;
}

/** Everything the simulator serves. Maps keep insertion order, which is the listing order. */
export interface SimState {
  workspace: SimWorkspace;
  users: Map<string, SimUser>;
  /** Keyed by lower-cased email. */
  invites: Map<string, SimInvite>;
  groups: Map<string, SimGroup>;
  roles: Map<string, SimRole>;
  labels: SimLabel[];
  sources: Map<string, SimSource>;
  warehouses: Map<string, SimWarehouse>;
  functions: Map<string, SimFunction>;
  spaces: Map<string, SimSpace>;
}
