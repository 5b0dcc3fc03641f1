import {
  type Any,
  create,
  type DescMessage,
  type Entitlement,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
  ResourceSchema,
} from "@baton-ts/protocol";

/**
 * The messages a big sync builds millions of times (a grant, its entitlement stub, a bare principal,
 * a resource id), written as object literals of exactly the shape `create()` returns. `create()` walks
 * the descriptor's field list for every message; with four messages per grant that was the largest
 * connector-side cost of the sdk benchmark. Hand-written for that reason only: each literal is compared
 * with `create()`'s output once at load (same keys, same values), and a protocol whose messages gained
 * a field makes every builder here fall back to `create()` rather than produce a message missing it.
 */
const sameShape = (schema: DescMessage, init: Record<string, unknown>, literal: object): boolean => {
  const expected = create(schema, init) as unknown as Record<string, unknown>;
  const actual = literal as Record<string, unknown>;
  const keys = Object.keys(expected);
  if (keys.length !== Object.keys(actual).length) return false;
  return keys.every((key) => {
    const a = actual[key];
    const e = expected[key];
    if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length;
    return Object.hasOwn(actual, key) && a === e;
  });
};

const literalResourceId = (resourceType: string, resource: string): ResourceId => ({
  $typeName: "c1.connector.v2.ResourceId",
  resourceType,
  resource,
  batonResource: false,
});

const literalBareResource = (id: ResourceId): Resource => ({
  $typeName: "c1.connector.v2.Resource",
  id,
  displayName: "",
  annotations: [],
  description: "",
  batonResource: false,
  creationSource: 0,
});

const literalEntitlementStub = (id: string, resource: Resource): Entitlement => ({
  $typeName: "c1.connector.v2.Entitlement",
  resource,
  id,
  displayName: "",
  description: "",
  grantableTo: [],
  annotations: [],
  purpose: 0,
  slug: "",
});

const literalGrant = (
  entitlement: Entitlement,
  principal: Resource,
  id: string,
  annotations: Any[],
): Grant => ({
  $typeName: "c1.connector.v2.Grant",
  entitlement,
  principal,
  id,
  annotations,
});

const sampleId = literalResourceId("t", "r");
const sampleResource = literalBareResource(sampleId);
const sampleEntitlement = literalEntitlementStub("t:r:s", sampleResource);

/** Whether the literals still match the generated messages (checked once, at load). */
export const LITERALS_MATCH_PROTOCOL =
  sameShape(ResourceIdSchema, { resourceType: "t", resource: "r" }, sampleId) &&
  sameShape(ResourceSchema, { id: sampleId }, sampleResource) &&
  sameShape(EntitlementSchema, { id: "t:r:s", resource: sampleResource }, sampleEntitlement) &&
  sameShape(
    GrantSchema,
    { entitlement: sampleEntitlement, principal: sampleResource, id: "g", annotations: [] },
    literalGrant(sampleEntitlement, sampleResource, "g", []),
  );

/** `ResourceId{resource_type, resource}` (values already checked by the caller). */
export const resourceIdMessage = LITERALS_MATCH_PROTOCOL
  ? literalResourceId
  : (resourceType: string, resource: string): ResourceId =>
      create(ResourceIdSchema, { resourceType, resource });

/** `Resource{id}` and nothing else: how Baton's NewGrant wraps a principal given as an id. */
export const bareResourceMessage = LITERALS_MATCH_PROTOCOL
  ? literalBareResource
  : (id: ResourceId): Resource => create(ResourceSchema, { id });

/** Baton's NewGrant entitlement stub: `Entitlement{id, resource}`. */
export const entitlementStubMessage = LITERALS_MATCH_PROTOCOL
  ? literalEntitlementStub
  : (id: string, resource: Resource): Entitlement => create(EntitlementSchema, { id, resource });

/** `Grant{entitlement, principal, id, annotations}`. */
export const grantMessage = LITERALS_MATCH_PROTOCOL
  ? literalGrant
  : (entitlement: Entitlement, principal: Resource, id: string, annotations: Any[]): Grant =>
      create(GrantSchema, { entitlement, principal, id, annotations });
