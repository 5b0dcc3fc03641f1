import { assignmentEntitlement } from "@baton-ts/connector-sdk";
import type { Entitlement, Resource } from "@baton-ts/protocol";
import type { PrincipalScope } from "../client/schemas/scope-role.js";
import type { ScopeCatalog } from "../client/scope-catalog.js";
import { PRINCIPAL_TYPES } from "./type-ids.js";

/**
 * One entitlement per role that can be held at a scope object (`<type>:<scopeId>:<roleId>`), grantable
 * to users and service users. The slug is the role id: role names are not unique across scopes.
 */
export const scopeEntitlements = (
  scopeResource: Resource,
  level: PrincipalScope,
  scopeId: string | undefined,
  catalog: ScopeCatalog,
): Entitlement[] =>
  catalog.rolesAt(level, scopeId).map((role) => {
    const kind = role.predefinedRole === true ? "predefined" : `custom ${role.scope ?? "tenant"}-level`;
    return assignmentEntitlement(scopeResource, role.id, {
      displayName: `${role.name} at ${scopeResource.displayName}`,
      description: `Holds the ${kind} SentinelOne role "${role.name}" at ${level === "tenant" ? "every account and site of the tenant (Global)" : `the ${level} ${scopeResource.displayName}`}`,
      grantableTo: PRINCIPAL_TYPES,
    });
  });
