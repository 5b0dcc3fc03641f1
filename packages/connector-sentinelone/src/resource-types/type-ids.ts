/** Resource type ids: part of the published data model (docs/connectors/sentinelone.md). */
export const TYPE = {
  tenant: "tenant",
  account: "account",
  site: "site",
  user: "user",
  serviceUser: "service_user",
  role: "role",
} as const;

/** The single tenant resource's id (`tenant:tenant`, entitlements `tenant:tenant:<roleId>`). */
export const TENANT_ID = "tenant";

/** Who can hold a role at a scope object. */
export const PRINCIPAL_TYPES = [TYPE.user, TYPE.serviceUser] as const;
