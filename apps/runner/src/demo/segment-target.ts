import type { C1zFile } from "@baton-ts/c1z";
import { type SegmentSimulator, startSegmentSimulator } from "@baton-ts/connector-segment/simulator";
import type { DemoTarget, GrantChoice, RunningTarget } from "./target.js";

/** A small seeded workspace: big enough to show paging and expansion, quick enough for a demo. */
const SIZE = { users: 40, invites: 6, groups: 6, sources: 12, warehouses: 3, membersPerGroup: 8 } as const;

/** Segment: add one user to a group they are not in, then take them out again. */
export const segmentTarget: DemoTarget = {
  title: "Segment",
  program: "baton-segment",
  packageName: "@baton-ts/connector-segment",
  async start(): Promise<RunningTarget> {
    const simulator = await startSegmentSimulator({ seed: 7, size: SIZE });
    const { state } = simulator;
    return {
      description:
        `simulated workspace "${state.workspace.name}" with ${state.users.size} users, ${state.invites.size} ` +
        `invites, ${state.groups.size} groups and ${state.sources.size} sources, at ${simulator.url}`,
      env: { BATON_TOKEN: simulator.token, BATON_BASE_URL: simulator.url },
      calls: () => simulator.calls(),
      resetCalls: () => simulator.clearRequests(),
      chooseGrant: (c1z) => chooseGroupMembership(c1z),
      describeState: (choice) => membershipState(simulator, choice),
      close: () => simulator.close(),
    };
  },
};

/** The first group, and the first user (in c1z order) without a membership grant on it. */
const chooseGroupMembership = (c1z: C1zFile): GrantChoice => {
  for (const entitlement of c1z.iterateEntitlements({ resourceTypeId: "group" })) {
    const members = new Set<string>();
    for (const held of c1z.iterateGrants({ entitlementId: entitlement.id })) {
      members.add(`${held.principal?.id?.resourceType}:${held.principal?.id?.resource}`);
    }
    for (const user of c1z.iterateResources({ resourceTypeId: "user" })) {
      const id = user.id?.resource ?? "";
      if (members.has(`user:${id}`)) continue;
      return {
        entitlementId: entitlement.id,
        principalType: "user",
        principalId: id,
        entitlementName: `membership of the group "${entitlement.resource?.displayName ?? entitlement.id}"`,
        principalName: `"${user.displayName}"`,
      };
    }
  }
  throw new Error("the synced workspace has no group with a user outside it");
};

const membershipState = (simulator: SegmentSimulator, choice: GrantChoice): string => {
  const groupId = choice.entitlementId.split(":")[1] ?? "";
  const group = simulator.state.groups.get(groupId);
  const user = simulator.state.users.get(choice.principalId);
  const member = group?.userIds.has(choice.principalId) === true;
  return `${user?.name ?? choice.principalId} is ${member ? "now" : "no longer"} a member of ${group?.name ?? groupId}`;
};
