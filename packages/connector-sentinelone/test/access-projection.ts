import type { AccessProjection } from "@baton-ts/connector-sdk/testing";
import type { SentinelOneSimulator } from "../src/simulator/index.js";

/**
 * The SentinelOne simulator as the provisioning property sees it. Access: each principal's
 * `scopeRoles` entries, as the Baton grant id each publishes (`<level>:<scope id>:<role id>:<type>:<id>`,
 * tenant level `tenant:tenant:<role id>`). The rest: every other field of every object, less a service
 * user's `updatedAt`, which the API stamps on every write to it.
 */
export const sentinelOneAccess = (sim: SentinelOneSimulator): AccessProjection => ({
  access: () => {
    const out: string[] = [];
    const principals = [
      ...sim.state.users.all().map((p) => ({ type: "user", p })),
      ...sim.state.serviceUsers.all().map((p) => ({ type: "service_user", p })),
    ];
    for (const { type, p } of principals) {
      for (const entry of p.scopeRoles) {
        const entitlement =
          p.scope === "tenant" ? `tenant:tenant:${entry.roleId}` : `${p.scope}:${entry.id}:${entry.roleId}`;
        out.push(`${entitlement}:${type}:${p.id}`);
      }
    }
    return out;
  },
  rest: () => ({
    accounts: sim.state.accounts.all(),
    sites: sim.state.sites.all(),
    roles: sim.state.roles.all(),
    users: sim.state.users.all().map(({ scopeRoles: _, ...user }) => user),
    serviceUsers: sim.state.serviceUsers.all().map(({ scopeRoles: _s, updatedAt: _u, ...user }) => user),
  }),
});
