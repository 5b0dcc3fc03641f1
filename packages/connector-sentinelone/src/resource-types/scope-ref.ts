import { resourceId } from "@baton-ts/connector-sdk";
import type { ResourceId } from "@baton-ts/protocol";
import type { PrincipalScope } from "../client/schemas/scope-role.js";
import { TENANT_ID, TYPE } from "./type-ids.js";

/** The resource type that holds the entitlements of a scope level. */
export const scopeTypeOf = (level: PrincipalScope): string =>
  level === "tenant" ? TYPE.tenant : level === "account" ? TYPE.account : TYPE.site;

/** The scope object (tenant, account or site) a role is held at, as the resource id grants name. */
export const scopeRef = (level: PrincipalScope, scopeId: string | undefined): ResourceId =>
  resourceId(scopeTypeOf(level), level === "tenant" ? TENANT_ID : (scopeId ?? ""));
