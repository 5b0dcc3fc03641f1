import type { AccessProjection } from "@baton-ts/connector-sdk/testing";
import type { SegmentSimulator } from "../src/simulator/index.js";
import { permissionEntitlementIds } from "./oracle.js";

/** Maps and Sets as arrays, so the state compares as JSON. */
const plain = (_key: string, value: unknown): unknown =>
  value instanceof Map ? [...value.values()] : value instanceof Set ? [...value] : value;

/**
 * The Segment simulator as the provisioning property sees it. Access: group memberships (users and
 * pending invitees) and the direct permissions of users and groups, each as the Baton grant id it
 * publishes (the oracle's rules). The rest: everything else, less the permissions' policy ids, which a
 * PUT mints anew for the entries it keeps (what an entry grants is its role and resources).
 */
export const segmentAccess = (sim: SegmentSimulator): AccessProjection => ({
  access: () => {
    const out: string[] = [];
    for (const group of sim.state.groups.values()) {
      for (const id of group.userIds) out.push(`group:${group.id}:member:user:${id}`);
      for (const email of group.inviteEmails)
        out.push(`group:${group.id}:member:invite:${email.toLowerCase()}`);
      for (const id of permissionEntitlementIds(group.permissions)) out.push(`${id}:group:${group.id}`);
    }
    for (const user of sim.state.users.values()) {
      for (const id of permissionEntitlementIds(user.permissions)) out.push(`${id}:user:${user.id}`);
    }
    return out;
  },
  rest: () =>
    JSON.parse(
      JSON.stringify(
        {
          ...sim.state,
          users: [...sim.state.users.values()].map(({ permissions: _, ...user }) => user),
          groups: [...sim.state.groups.values()].map(
            ({ permissions: _p, userIds: _u, inviteEmails: _i, ...group }) => group,
          ),
        },
        plain,
      ),
    ),
});
