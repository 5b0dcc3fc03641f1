import {
  type Any,
  create,
  type Grant,
  GrantExpandableSchema,
  GrantMetadataSchema,
  type JsonObject,
  type Message,
  type Resource,
  type ResourceId,
} from "@baton-ts/protocol";
import { packAnnotations } from "./annotations.js";
import { contractFailure, requireText } from "./contract-check.js";
import { checkedIdOf, idOf } from "./ids.js";
import { bareResourceMessage, entitlementStubMessage, grantMessage } from "./messages.js";

export interface GrantOptions {
  /**
   * Holders of these entitlements also hold this grant's entitlement (Baton's GrantExpandable):
   * e.g. members of a group that is granted a role.
   */
  readonly expandable?:
    | {
        readonly entitlementIds: readonly string[];
        readonly shallow?: boolean | undefined;
        readonly resourceTypeIds?: readonly string[] | undefined;
      }
    | undefined;
  /** Free-form facts about the grant (Baton's GrantMetadata). */
  readonly metadata?: JsonObject | undefined;
  readonly annotations?: readonly Message[] | undefined;
}

/**
 * Baton's NewGrant: the entitlement is a stub `{id, resource}` (the store holds the full one). The
 * entitlement's resource and the principal may each be given as a full Resource or as a ResourceId
 * (wrapped as `Resource{id}`, exactly what a stub resource would be): a grant found in an API's
 * permission list needs no Resource built just to name its target.
 */
export const grant = (
  resource: Resource | ResourceId,
  slug: string,
  principal: Resource | ResourceId,
  options: GrantOptions = {},
): Grant => {
  const owner = idOf("grant: resource", resource);
  // entitlementId() and grantId() inlined: they re-check ids already checked here, and the error
  // labels below are built only when a check fails (they were a measurable share of a big sync).
  const entitlement = `${owner.resourceType}:${owner.resource}:${requireText("entitlementId: slug", slug)}`;
  const principalId =
    checkedIdOf(principal) ?? idOf(`grant(${JSON.stringify(entitlement)}): principal`, principal);
  const id = `${requireText("grantId: entitlementId", entitlement)}:${principalId.resourceType}:${principalId.resource}`;
  const principalResource =
    principal.$typeName === "c1.connector.v2.ResourceId" ? bareResourceMessage(principal) : principal;
  const ownerResource =
    resource.$typeName === "c1.connector.v2.ResourceId" ? bareResourceMessage(owner) : resource;
  return grantMessage(
    entitlementStubMessage(entitlement, ownerResource),
    principalResource,
    id,
    options.expandable === undefined && options.metadata === undefined && options.annotations === undefined
      ? []
      : grantAnnotations(id, options),
  );
};

const grantAnnotations = (id: string, options: GrantOptions): Any[] => {
  const where = `grant(${JSON.stringify(id)})`;
  const leading: Message[] = [];
  const expandable = options.expandable;
  if (expandable !== undefined) {
    const ids = expandable.entitlementIds.map((value, index) =>
      requireText(`${where}: expandable.entitlementIds[${index}]`, value),
    );
    // Baton's validate rules: at least one id, no duplicates.
    if (ids.length === 0) contractFailure(`${where}: expandable.entitlementIds is empty`);
    if (new Set(ids).size !== ids.length)
      contractFailure(`${where}: expandable.entitlementIds lists an id twice`);
    leading.push(
      create(GrantExpandableSchema, {
        entitlementIds: ids,
        shallow: expandable.shallow === true,
        resourceTypeIds: (expandable.resourceTypeIds ?? []).map((value, index) =>
          requireText(`${where}: expandable.resourceTypeIds[${index}]`, value),
        ),
      }),
    );
  }
  if (options.metadata !== undefined)
    leading.push(create(GrantMetadataSchema, { metadata: options.metadata }));
  return packAnnotations([...leading, ...(options.annotations ?? [])]);
};
