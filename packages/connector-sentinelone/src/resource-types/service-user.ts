import { mapPage, type ResourceTypeDefinition, userResource } from "@baton-ts/connector-sdk";
import type { ApiServiceUser } from "../client/schemas/service-user.js";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { parseDate } from "./dates.js";
import { principalGrants } from "./principal-grants.js";
import { scopeRolesProfile } from "./principal-profile.js";
import { TYPE } from "./type-ids.js";

/**
 * A service user (account type service): its name kept whole (not split into first/last names: defect
 * B9), its token expiry and last activation shown. A service user whose API token has expired can do
 * nothing until the token is renewed, so it is reported `disabled` with the expiry in the details.
 */
export const serviceUserFromApi = (serviceUser: ApiServiceUser, now: number = Date.now()) => {
  const expiresAt = parseDate(serviceUser.apiToken?.expiresAt);
  const expired = expiresAt !== undefined && expiresAt.getTime() <= now;
  const lastActivation = parseDate(serviceUser.lastActivation);
  const createdAt = parseDate(serviceUser.createdAt);
  return userResource({
    type: TYPE.serviceUser,
    id: serviceUser.id,
    displayName: serviceUser.name,
    description: serviceUser.description || undefined,
    user: {
      login: serviceUser.name,
      accountType: "service",
      status: expired ? "disabled" : "enabled",
      statusDetails:
        expiresAt === undefined
          ? undefined
          : `API token ${expired ? "expired" : "expires"} ${serviceUser.apiToken?.expiresAt}`,
      lastLogin: lastActivation,
      createdAt,
      profile: {
        ...scopeRolesProfile(serviceUser.scope, serviceUser.scopeRoles),
        description: serviceUser.description ?? null,
        apiTokenCreatedAt: serviceUser.apiToken?.createdAt ?? null,
        apiTokenExpiresAt: serviceUser.apiToken?.expiresAt ?? null,
        apiTokenExpired: expiresAt === undefined ? null : expired,
        lastActivation: serviceUser.lastActivation ?? null,
        createdBy: serviceUser.createdBy?.name ?? null,
      },
    },
  });
};

/** Service users: one paged `GET /service-users?limit=1000` (the tightest limit, 5/s); grants from scopeRoles. */
export const serviceUserType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.serviceUser,
  displayName: "Service user",
  description: "A SentinelOne service user (API-only identity with an expiring token)",
  traits: ["user"],

  async list(client, { cursor }) {
    return mapPage(await client.listServiceUsers(cursor), (item) => serviceUserFromApi(item));
  },

  grants: (client, { resource }, ctx) => principalGrants(client, resource, ctx),
};
