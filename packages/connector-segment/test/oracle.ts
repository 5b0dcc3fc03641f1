import type { SimPermission, SimState } from "../src/simulator/index.js";

/**
 * What a sync of the simulator must publish, computed straight from the simulator's state with the
 * data-model rules (written independently of the connector's code): the test's source of truth.
 */
const labelSet = (labels: readonly { key: string; value: string }[]): string =>
  [...new Set(labels.map((l) => `${l.key}=${l.value}`))].sort().join(",");

export const permissionEntitlementIds = (permissions: readonly SimPermission[]): string[] =>
  permissions.flatMap((p) =>
    p.resources.map((r) => {
      const labels = [...(r.labels ?? []), ...(p.labels ?? [])];
      if (r.type === "WORKSPACE")
        return labels.length === 0 ? `role:${p.roleId}:member` : `label:${labelSet(labels)}:${p.roleId}`;
      return `${r.type.toLowerCase()}:${r.id}:${p.roleId}`;
    }),
  );

export interface ExpectedModel {
  readonly resources: Record<string, Set<string>>;
  readonly grants: Set<string>;
}

export const expectedModel = (state: SimState): ExpectedModel => {
  const grants = new Set<string>();
  const labelSets = new Set(state.labels.map((l) => labelSet([l])));
  const collectLabelSets = (permissions: readonly SimPermission[]) => {
    for (const id of permissionEntitlementIds(permissions))
      if (id.startsWith("label:")) labelSets.add(id.split(":")[1] ?? "");
  };
  for (const user of state.users.values()) {
    grants.add(`workspace:${state.workspace.id}:member:user:${user.id}`);
    for (const id of permissionEntitlementIds(user.permissions)) grants.add(`${id}:user:${user.id}`);
    collectLabelSets(user.permissions);
  }
  for (const group of state.groups.values()) {
    const members = [
      ...[...group.userIds].map((id) => `user:${id}`),
      ...[...group.inviteEmails].map((email) => `invite:${email.toLowerCase()}`),
    ];
    for (const member of members) grants.add(`group:${group.id}:member:${member}`);
    for (const id of permissionEntitlementIds(group.permissions)) {
      grants.add(`${id}:group:${group.id}`);
      // Expansion: the group's members hold what the group holds.
      for (const member of members) grants.add(`${id}:${member}`);
    }
    collectLabelSets(group.permissions);
  }
  return {
    resources: {
      workspace: new Set([state.workspace.id]),
      user: new Set(state.users.keys()),
      invite: new Set(state.invites.keys()),
      group: new Set(state.groups.keys()),
      role: new Set(state.roles.keys()),
      source: new Set(state.sources.keys()),
      warehouse: new Set(state.warehouses.keys()),
      function: new Set(state.functions.keys()),
      space: new Set(state.spaces.keys()),
      label: labelSets,
    },
    grants,
  };
};
