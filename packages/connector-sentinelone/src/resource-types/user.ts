import { mapPage, type ResourceTypeDefinition, userResource } from "@baton-ts/connector-sdk";
import type { ApiUser } from "../client/schemas/user.js";
import type { SentinelOneClient } from "../client/sentinelone-client.js";
import { parseDate } from "./dates.js";
import { principalGrants } from "./principal-grants.js";
import { scopeRolesProfile } from "./principal-profile.js";
import { TYPE } from "./type-ids.js";

/**
 * A console user with what a reviewer needs (defect B9): scope, source (local, SSO, AD), last login, 2FA,
 * email verification, API token expiry. SentinelOne has no enabled/disabled flag for console users:
 * they are `enabled`, and one who never logged in with an unverified email is marked as an open
 * invitation in the status details.
 */
export const userFromApi = (user: ApiUser) => {
  const lastLogin = parseDate(user.lastLogin);
  const createdAt = parseDate(user.dateJoined);
  const pendingInvite = user.emailVerified === false && !user.lastLogin;
  return userResource({
    type: TYPE.user,
    id: user.id,
    displayName: user.fullName || user.email || user.id,
    user: {
      emails: user.email ? [{ address: user.email, primary: true }] : undefined,
      login: user.email || undefined,
      status: "enabled",
      statusDetails: pendingInvite ? "invited: email not verified and never logged in" : undefined,
      accountType: "human",
      lastLogin,
      createdAt,
      mfaEnabled: user.twoFaEnabled ?? undefined,
      ssoEnabled: user.source ? user.source === "sso_saml" : undefined,
      profile: {
        ...scopeRolesProfile(user.scope, user.scopeRoles),
        source: user.source ?? null,
        email: user.email ?? null,
        emailVerified: user.emailVerified ?? null,
        lastLogin: user.lastLogin ?? null,
        firstLogin: user.firstLogin ?? null,
        twoFaEnabled: user.twoFaEnabled ?? null,
        twoFaStatus: user.twoFaStatus ?? null,
        primaryTwoFaMethod: user.primaryTwoFaMethod ?? null,
        apiTokenCreatedAt: user.apiToken?.createdAt ?? null,
        apiTokenExpiresAt: user.apiToken?.expiresAt ?? null,
        canGenerateApiToken: user.canGenerateApiToken ?? null,
        isSystem: user.isSystem ?? null,
      },
    },
  });
};

/** Console users: one paged `GET /users?limit=1000` for the whole tenant; grants from each user's scopeRoles. */
export const userType: ResourceTypeDefinition<SentinelOneClient> = {
  id: TYPE.user,
  displayName: "User",
  description: "A SentinelOne console user",
  traits: ["user"],

  async list(client, { cursor }) {
    return mapPage(await client.listUsers(cursor), userFromApi);
  },

  grants: (client, { resource }, ctx) => principalGrants(client, resource, ctx),
};
