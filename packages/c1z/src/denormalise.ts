import {
  type Entitlement,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  type Resource,
  ResourceSchema,
  type ResourceType,
  ResourceTypeSchema,
  toBinary,
} from "@baton-ts/protocol";
import { C1zUsageError } from "./errors.js";
import {
  type EntitlementRow,
  type GrantRow,
  type ResourceRow,
  type ResourceTypeRow,
  resourceExternalId,
} from "./rows.js";

/** Message → row: the protobuf bytes plus Baton's denormalised columns (§1.3). */
export function resourceTypeRow(resourceType: ResourceType): ResourceTypeRow {
  if (!resourceType.id) throw new C1zUsageError("cannot store a resource type without an id");
  return { externalId: resourceType.id, data: toBinary(ResourceTypeSchema, resourceType) };
}

export function resourceRow(resource: Resource): ResourceRow {
  const id = resource.id;
  if (!id?.resourceType || !id.resource) {
    throw new C1zUsageError(
      `cannot store a resource without id.resourceType and id.resource (display name "${resource.displayName}")`,
    );
  }
  const parent = resource.parentResourceId;
  return {
    externalId: resourceExternalId(id),
    resourceTypeId: id.resourceType,
    parentResourceTypeId: parent ? parent.resourceType : undefined,
    parentResourceId: parent ? parent.resource : undefined,
    data: toBinary(ResourceSchema, resource),
  };
}

export function entitlementRow(entitlement: Entitlement): EntitlementRow {
  const resourceId = entitlement.resource?.id;
  if (!entitlement.id) throw new C1zUsageError("cannot store an entitlement without an id");
  if (!resourceId?.resourceType || !resourceId.resource) {
    throw new C1zUsageError(`cannot store entitlement "${entitlement.id}": it has no resource.id`);
  }
  return {
    externalId: entitlement.id,
    resourceTypeId: resourceId.resourceType,
    resourceId: resourceId.resource,
    data: toBinary(EntitlementSchema, entitlement),
  };
}

export function grantRow(grant: Grant): GrantRow {
  if (!grant.id) throw new C1zUsageError("cannot store a grant without an id");
  const entitlement = grant.entitlement;
  const resourceId = entitlement?.resource?.id;
  const principalId = grant.principal?.id;
  if (!entitlement?.id || !resourceId?.resourceType || !resourceId.resource) {
    throw new C1zUsageError(
      `cannot store grant "${grant.id}": it needs entitlement.id and entitlement.resource.id`,
    );
  }
  if (!principalId?.resourceType || !principalId.resource) {
    throw new C1zUsageError(`cannot store grant "${grant.id}": it has no principal.id`);
  }
  return {
    externalId: grant.id,
    resourceTypeId: resourceId.resourceType,
    resourceId: resourceId.resource,
    entitlementId: entitlement.id,
    principalResourceTypeId: principalId.resourceType,
    principalResourceId: principalId.resource,
    data: toBinary(GrantSchema, grant),
  };
}
