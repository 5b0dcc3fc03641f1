import { create, type Resource, ResourceSchema } from "@baton-ts/protocol";
import type { PrincipalScope } from "../client/schemas/scope-role.js";
import { TENANT_ID, TYPE } from "./type-ids.js";

/** The resource type that holds the entitlements of a scope level. */
export const scopeTypeOf = (level: PrincipalScope): string =>
  level === "tenant" ? TYPE.tenant : level === "account" ? TYPE.account : TYPE.site;

/**
 * A reference to a scope object (tenant, account or site) for grant building: only the id matters, the
 * store holds the full resource.
 */
export const scopeRef = (level: PrincipalScope, scopeId: string | undefined): Resource =>
  create(ResourceSchema, {
    id: { resourceType: scopeTypeOf(level), resource: level === "tenant" ? TENANT_ID : (scopeId ?? "") },
  });
