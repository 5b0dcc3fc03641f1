import { describe, expect, it } from "vitest";
import type { Permission } from "../client/schemas/permission.js";
import { entitlementTarget, permissionEntries } from "./permission-entries.js";
import { withoutEntry } from "./permission-provisioning.js";

const WS = "ws1";
const permissions: Permission[] = [
  { roleId: "owner", roleName: "Workspace Owner", resources: [{ id: WS, type: "WORKSPACE", labels: [] }] },
  {
    roleId: "srcAdmin",
    roleName: "Source Admin",
    resources: [
      { id: "s1", type: "SOURCE", labels: [] },
      { id: "s2", type: "SOURCE" },
    ],
  },
  {
    roleId: "srcAdmin",
    roleName: "Source Admin",
    resources: [
      { id: WS, type: "WORKSPACE", labels: [{ key: "env", value: "prod", description: "Production" }] },
    ],
  },
  { roleId: "srcRead", resources: [{ id: WS, type: "WORKSPACE" }], labels: [{ key: "team", value: "data" }] },
];

describe("permission entries", () => {
  it("map each (role, resource) pair to the entitlement the data model names", () => {
    const targets = permissionEntries(permissions).map((entry) => {
      const t = entitlementTarget(entry);
      return `${t.type}:${t.id}:${t.slug}`;
    });
    expect(targets).toEqual([
      "role:owner:member",
      "source:s1:srcAdmin",
      "source:s2:srcAdmin",
      "label:env=prod:srcAdmin",
      // Permission-level labels restrict too: never workspace-wide.
      "label:team=data:srcRead",
    ]);
  });
});

describe("removing one entry", () => {
  it("keeps the other resources of a multi-resource permission and everything else unchanged", () => {
    const { remaining, removed } = withoutEntry(permissions, "srcAdmin", {
      kind: "instance",
      targetType: "SOURCE",
      id: "s1",
    });
    expect(removed).toBe(1);
    expect(remaining).toEqual([
      permissions[0],
      { ...permissions[1], resources: [{ id: "s2", type: "SOURCE" }] },
      permissions[2],
      permissions[3],
    ]);
  });

  it("removes a label-restricted entry only for the same label set, and drops an emptied permission", () => {
    const other = withoutEntry(permissions, "srcAdmin", {
      kind: "label",
      workspaceId: WS,
      labels: [{ key: "env", value: "dev" }],
      setId: "env=dev",
    });
    expect(other.removed).toBe(0);
    const same = withoutEntry(permissions, "srcAdmin", {
      kind: "label",
      workspaceId: WS,
      labels: [{ key: "env", value: "prod" }],
      setId: "env=prod",
    });
    expect(same.removed).toBe(1);
    expect(same.remaining).toEqual([permissions[0], permissions[1], permissions[3]]);
  });

  it("does not treat a label-restricted entry as the workspace-wide one", () => {
    expect(withoutEntry(permissions, "srcRead", { kind: "workspace", workspaceId: WS }).removed).toBe(0);
  });
});
