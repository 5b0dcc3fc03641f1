/**
 * The roles a seeded workspace offers, with their real Segment names (segment-docs iam/roles.md) and
 * the resource types each may be scoped to. The simulator enforces these scopes on permission writes,
 * by role id, the way the real service does; the connector never sees this table.
 */
export type PermissionTargetType = "WORKSPACE" | "SOURCE" | "WAREHOUSE" | "FUNCTION" | "SPACE";

export interface RoleSpec {
  readonly name: string;
  readonly description: string;
  /** Instance types the role may be scoped to, besides WORKSPACE (always allowed). */
  readonly instanceTypes: readonly Exclude<PermissionTargetType, "WORKSPACE">[];
  /** Whether the role may be restricted by labels (Business tier label-based access). */
  readonly labelScoped: boolean;
}

export const SEGMENT_ROLES: readonly RoleSpec[] = [
  {
    name: "Workspace Owner",
    description: "Full access to the workspace",
    instanceTypes: [],
    labelScoped: false,
  },
  {
    name: "Workspace Member",
    description: "Read access to workspace settings",
    instanceTypes: [],
    labelScoped: false,
  },
  {
    name: "Source Admin",
    description: "Edit access to sources and their destinations",
    instanceTypes: ["SOURCE"],
    labelScoped: true,
  },
  {
    name: "Source Read-only",
    description: "Read access to sources and their destinations",
    instanceTypes: ["SOURCE"],
    labelScoped: true,
  },
  {
    name: "Functions Admin",
    description: "Edit access to functions",
    instanceTypes: ["FUNCTION"],
    labelScoped: false,
  },
  {
    name: "Functions Read-only",
    description: "Read access to functions",
    instanceTypes: ["FUNCTION"],
    labelScoped: false,
  },
  {
    name: "Warehouse Admin",
    description: "Edit access to warehouses",
    instanceTypes: ["WAREHOUSE"],
    labelScoped: false,
  },
  {
    name: "Warehouse Read-only",
    description: "Read access to warehouses",
    instanceTypes: ["WAREHOUSE"],
    labelScoped: false,
  },
  {
    name: "Tracking Plan Admin",
    description: "Edit access to tracking plans",
    instanceTypes: [],
    labelScoped: false,
  },
  {
    name: "Tracking Plan Read-only",
    description: "Read access to tracking plans",
    instanceTypes: [],
    labelScoped: false,
  },
  {
    name: "Unify and Engage Admin",
    description: "Edit access to Unify and Engage spaces (formerly Personas Admin)",
    instanceTypes: ["SPACE"],
    labelScoped: true,
  },
  {
    name: "Engage User",
    description: "Edit audiences and computed traits in Engage spaces",
    instanceTypes: ["SPACE"],
    labelScoped: true,
  },
  {
    name: "Unify Read-only",
    description: "Read access to Unify and Engage spaces",
    instanceTypes: ["SPACE"],
    labelScoped: true,
  },
  { name: "Identity Admin", description: "Manage identity settings", instanceTypes: [], labelScoped: false },
  {
    name: "End User Privacy Admin",
    description: "Manage end-user privacy requests",
    instanceTypes: [],
    labelScoped: false,
  },
];
