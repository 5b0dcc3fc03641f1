/**
 * The simulator's stored objects, shaped like the Management API v2.1 JSON. `scopeRoles` are stored
 * minimal ({id, roleId}) and enriched with names on the way out, as the real API does, so that renames
 * stay consistent.
 */
export type ObjectState = "active" | "expired" | "deleted";
export type PrincipalScope = "tenant" | "account" | "site";
export type RoleScope = "Tenant" | "Account" | "Site" | "Group";

export interface StoredScopeRole {
  /** Account or site id; absent for tenant-scope principals. */
  id?: string;
  roleId: string;
}

export interface SimAccount {
  id: string;
  name: string;
  accountType: "Trial" | "Paid";
  state: ObjectState;
  isDefault: boolean;
  expiration: string | null;
  unlimitedExpiration: boolean;
  externalId: string | null;
  usageType: "customer" | "mssp" | "ir";
  billingMode: "subscription" | "consumption";
  totalLicenses: number;
  activeAgents: number;
  createdAt: string;
  updatedAt: string;
  creator: string;
  creatorId: string;
}

export interface SimSite {
  id: string;
  name: string;
  accountId: string;
  siteType: "Trial" | "Paid";
  state: ObjectState;
  isDefault: boolean;
  description: string | null;
  externalId: string | null;
  expiration: string | null;
  unlimitedExpiration: boolean;
  unlimitedLicenses: boolean;
  totalLicenses: number;
  activeLicenses: number;
  createdAt: string;
  updatedAt: string;
  creator: string;
  creatorId: string;
}

export interface SimRole {
  id: string;
  name: string;
  description: string;
  predefinedRole: boolean;
  scope: RoleScope;
  /** Account, site or group id; null for tenant roles. */
  scopeId: string | null;
  /** For group roles: the site that holds the group (groups live inside sites). */
  groupSiteId?: string;
  createdAt: string;
  updatedAt: string;
  creator: string;
  creatorId: string;
}

export interface SimUser {
  id: string;
  email: string;
  fullName: string;
  scope: PrincipalScope;
  scopeRoles: StoredScopeRole[];
  source: "mgmt" | "sso_saml" | "active_directory";
  emailVerified: boolean;
  emailReadOnly: boolean;
  fullNameReadOnly: boolean;
  firstLogin: string | null;
  lastLogin: string | null;
  dateJoined: string;
  twoFaEnabled: boolean;
  twoFaStatus: "configured" | "not_configured" | "enrolled" | "enrollment_expired";
  primaryTwoFaMethod: "totp" | "email" | null;
  apiToken: { createdAt: string; expiresAt: string } | null;
  canGenerateApiToken: boolean;
  isSystem: boolean;
}

export interface SimServiceUser {
  id: string;
  name: string;
  description: string | null;
  scope: PrincipalScope;
  scopeRoles: StoredScopeRole[];
  createdAt: string;
  updatedAt: string;
  lastActivation: string | null;
  createdBy: { id: string; name: string };
  updatedBy: { id: string; name: string };
  apiToken: { createdAt: string; expiresAt: string };
}

/** What a simulator token may see and do. */
export type TokenScope =
  | { readonly scope: "tenant" }
  | { readonly scope: "account"; readonly accountIds: readonly string[] }
  | { readonly scope: "site"; readonly siteIds: readonly string[] };
