import {
  create,
  EntitlementSchema,
  type Grant,
  GrantExpandableSchema,
  GrantMetadataSchema,
  GrantSchema,
  isMessage,
  type JsonObject,
  type Message,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
  ResourceSchema,
} from "@baton-ts/protocol";
import { packAnnotations } from "./annotations.js";
import { contractFailure, requireText } from "./contract-check.js";
import { entitlementId, grantId, idOf } from "./ids.js";

export interface GrantOptions {
  /**
   * Holders of these entitlements also hold this grant's entitlement (Baton's GrantExpandable):
   * e.g. members of a group that is granted a role.
   */
  readonly expandable?: {
    readonly entitlementIds: readonly string[];
    readonly shallow?: boolean;
    readonly resourceTypeIds?: readonly string[];
  };
  /** Free-form facts about the grant (Baton's GrantMetadata). */
  readonly metadata?: JsonObject;
  readonly annotations?: readonly Message[];
}

/**
 * Baton's NewGrant: the entitlement is a stub `{id, resource}` (the store holds the full one),
 * a principal given as a ResourceId is wrapped as `Resource{id}`.
 */
export const grant = (
  resource: Resource,
  slug: string,
  principal: Resource | ResourceId,
  options: GrantOptions = {},
): Grant => {
  idOf("grant: resource", resource);
  const entitlement = entitlementId(resource, slug);
  const principalId = idOf(`grant(${JSON.stringify(entitlement)}): principal`, principal);
  const id = grantId(entitlement, principalId);
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

  return create(GrantSchema, {
    entitlement: create(EntitlementSchema, { id: entitlement, resource }),
    principal: isMessage(principal, ResourceIdSchema) ? create(ResourceSchema, { id: principal }) : principal,
    id,
    annotations: packAnnotations([...leading, ...(options.annotations ?? [])]),
  });
};
