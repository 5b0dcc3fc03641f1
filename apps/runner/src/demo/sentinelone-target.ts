import type { C1zFile } from "@baton-ts/c1z";
import {
  type SentinelOneSimulator,
  startSentinelOneSimulator,
} from "@baton-ts/connector-sentinelone/simulator";
import type { DemoTarget, GrantChoice, RunningTarget } from "./target.js";

/** A small seeded tenant (the simulator's defaults are already small). */
const SIZE = { accounts: 3, sites: 8, users: 60, serviceUsers: 8, roles: 12 } as const;

/**
 * SentinelOne: give a site-scoped user a role at one more site, then take it away. Staying at the
 * site level matters: the connector refuses to mix scope levels on one principal.
 */
export const sentineloneTarget: DemoTarget = {
  title: "SentinelOne",
  program: "baton-sentinel-one",
  packageName: "@baton-ts/connector-sentinelone",
  async start(): Promise<RunningTarget> {
    const simulator = await startSentinelOneSimulator({ seed: 7, ...SIZE });
    const { state } = simulator;
    return {
      description:
        `simulated tenant with ${state.accounts.size} accounts, ${state.sites.size} sites, ${state.users.size} ` +
        `users, ${state.serviceUsers.size} service users and ${state.roles.size} roles, at ${simulator.url}`,
      env: { BATON_API_TOKEN: simulator.tokens.tenant, BATON_MANAGEMENT_CONSOLE_URL: simulator.url },
      calls: () => simulator.callsByRoute(),
      resetCalls: () => simulator.clearRequestLog(),
      chooseGrant: (c1z) => chooseSiteRole(c1z),
      describeState: (choice) => siteRoleState(simulator, choice),
      close: () => simulator.close(),
    };
  },
};

const chooseSiteRole = (c1z: C1zFile): GrantChoice => {
  // Every user's grants (the simulator is small; a real tenant would be read with filters).
  const held = new Map<string, string[]>();
  for (const grant of c1z.iterateGrants()) {
    if (grant.principal?.id?.resourceType !== "user") continue;
    const userId = grant.principal.id.resource;
    held.set(userId, [...(held.get(userId) ?? []), grant.entitlement?.id ?? ""]);
  }
  const siteEntitlements = [...c1z.iterateEntitlements({ resourceTypeId: "site" })];
  for (const user of c1z.iterateResources({ resourceTypeId: "user" })) {
    const userId = user.id?.resource ?? "";
    const entitlementIds = held.get(userId) ?? [];
    if (entitlementIds.length === 0 || !entitlementIds.every((id) => id.startsWith("site:"))) continue;
    const sites = new Set(entitlementIds.map((id) => id.split(":")[1]));
    const roleId = entitlementIds[0]?.split(":")[2];
    const candidates = siteEntitlements.filter((e) => !sites.has(e.resource?.id?.resource));
    const entitlement = candidates.find((e) => e.id.endsWith(`:${roleId}`)) ?? candidates[0];
    if (entitlement === undefined) continue;
    return {
      entitlementId: entitlement.id,
      principalType: "user",
      principalId: userId,
      entitlementName: `"${entitlement.displayName || entitlement.id}"`,
      principalName: `the site-scoped user "${user.displayName}"`,
    };
  }
  throw new Error("the synced tenant has no site-scoped user and a site they have no role at");
};

const siteRoleState = (simulator: SentinelOneSimulator, choice: GrantChoice): string => {
  const [, siteId = "", roleId = ""] = choice.entitlementId.split(":");
  const user = simulator.state.users.get(choice.principalId);
  const holds = user?.scopeRoles.some((entry) => entry.id === siteId && entry.roleId === roleId) === true;
  const role = simulator.state.roles.get(roleId)?.name ?? roleId;
  const site = simulator.state.sites.get(siteId)?.name ?? siteId;
  return `${user?.fullName ?? choice.principalId} ${holds ? "now holds" : "no longer holds"} ${role} at ${site} (scope roles held: ${user?.scopeRoles.length ?? 0})`;
};
