import type { Resource, ResourceId } from "@baton-ts/protocol";
import { contractFailure, fitsIdLimit, requireText } from "./contract-check.js";
import { resourceIdMessage } from "./messages.js";

/** A resource or its id: id helpers accept either, like Baton's helpers. */
export type ResourceOrId = Resource | ResourceId;

const objectIdText = (field: string, id: string | number | bigint): string => {
  if (typeof id === "bigint") return id.toString(10);
  if (typeof id === "number") {
    // Baton converts integer object ids in decimal; anything else would produce an id that no
    // later lookup (a grant, a revoke) can reproduce.
    if (!Number.isFinite(id)) return contractFailure(`${field} must be finite, got ${id}`);
    if (!Number.isInteger(id)) return contractFailure(`${field} must be an integer, got ${id}`);
    if (!Number.isSafeInteger(id)) {
      return contractFailure(
        `${field} ${id} is beyond 2^53 and has lost precision; pass it as a string or bigint`,
      );
    }
    return id.toString(10);
  }
  return requireText(field, id);
};

/** Baton's NewResourceID: `{ resource_type, resource }`, numbers in decimal. */
export const resourceId = (type: string, id: string | number | bigint): ResourceId => {
  const resourceType = requireText("resourceId: type", type);
  const resource = objectIdText(`resourceId(${JSON.stringify(type)}): id`, id);
  return resourceIdMessage(resourceType, resource);
};

/** The id of a resource, checked: every id-derived value needs both parts. */
export const idOf = (field: string, value: ResourceOrId | undefined): ResourceId => {
  const id =
    value === undefined ? undefined : value.$typeName === "c1.connector.v2.ResourceId" ? value : value.id;
  if (id === undefined) return contractFailure(`${field} has no id`);
  requireText(`${field}: resource type`, id.resourceType);
  requireText(`${field}: resource id`, id.resource);
  return id;
};

/**
 * The id of a resource when it passes idOf's checks, else undefined (then call idOf for the error).
 * For hot paths: idOf's `field` label is often built per call, and is only needed when a check fails.
 */
export const checkedIdOf = (value: ResourceOrId | undefined): ResourceId | undefined => {
  const id =
    value === undefined ? undefined : value.$typeName === "c1.connector.v2.ResourceId" ? value : value.id;
  if (id === undefined) return undefined;
  return fitsIdLimit(id.resourceType) && fitsIdLimit(id.resource) ? id : undefined;
};

/** `"<type>:<id>"`: how a c1z keys a resource (its external_id). */
export const resourceKey = (id: ResourceId): string => {
  const checked = idOf("resourceKey: id", id);
  return `${checked.resourceType}:${checked.resource}`;
};

/** Baton's NewEntitlementID: `"<resource type>:<resource id>:<slug>"`. */
export const entitlementId = (resource: ResourceOrId, slug: string): string => {
  const id = idOf("entitlementId: resource", resource);
  return `${id.resourceType}:${id.resource}:${requireText("entitlementId: slug", slug)}`;
};

/** Baton's grant id: `"<entitlement id>:<principal type>:<principal id>"`. */
export const grantId = (entitlement: string, principal: ResourceId): string => {
  const id = idOf("grantId: principal", principal);
  return `${requireText("grantId: entitlementId", entitlement)}:${id.resourceType}:${id.resource}`;
};
