import { onePage, type ResourceTypeDefinition, roleResource } from "@baton-ts/connector-sdk";
import type { ApiRole } from "../client/schemas/role.js";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { TYPE } from "./type-ids.js";

/** A role with its scope (tenant, account, site or group), scope id and whether it is predefined (defect B3). */
export const roleFromApi = (role: ApiRole) => {
  const where = role.siteName ?? role.accountName;
  const scope = role.scope ?? "tenant";
  return roleResource({
    type: TYPE.role,
    id: role.id,
    displayName: role.name,
    description: `${role.predefinedRole === true ? "Predefined" : "Custom"} ${scope}-level role${where ? ` of ${where}` : ""}${role.description ? `: ${role.description}` : ""}`,
    role: {
      profile: {
        scope,
        scopeId: role.scopeId ?? null,
        predefinedRole: role.predefinedRole ?? null,
        description: role.description ?? null,
        accountName: role.accountName ?? null,
        siteName: role.siteName ?? null,
      },
    },
  });
};

/**
 * Every predefined and custom role once (`GET /rbac/roles?includeChildren=true`, de-duplicated by id),
 * including roles nobody holds yet (defect B2). Who holds a role where is published on the account,
 * site and tenant entitlements, so roles themselves carry no entitlements.
 */
export const roleType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.role,
  displayName: "Role",
  description: "A SentinelOne RBAC role (predefined or custom)",
  traits: ["role"],
  skipEntitlementsAndGrants: true,

  async list(client, _args, { session }) {
    return onePage((await client.catalog(session)).roles.map(roleFromApi));
  },
};
