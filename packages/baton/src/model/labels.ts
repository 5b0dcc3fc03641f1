import type { ResourceKey } from "@baton-ts/c1z";
import {
  type Entitlement,
  type Resource,
  type ResourceType,
  ResourceType_TraitSchema,
} from "@baton-ts/protocol";
import { keyText } from "./lookups.js";
import type { Provenance } from "./provenance.js";

/** How the console names things: a display name, falling back to the id so that a cell is never empty. */
export const resourceName = (resource: Resource | undefined, key?: ResourceKey): string =>
  resource?.displayName || (key ? keyText(key) : `${resource?.id?.resourceType}:${resource?.id?.resource}`);

export const typeName = (type: ResourceType): string => type.displayName || type.id;

export const entitlementName = (entitlement: Entitlement): string =>
  entitlement.displayName || entitlement.slug || entitlement.id;

/** Trait names as Go prints them (TRAIT_USER, ...). */
export const traitNames = (type: ResourceType): string =>
  type.traits
    .map(
      (trait) =>
        ResourceType_TraitSchema.values.find((value) => value.number === trait)?.name ?? String(trait),
    )
    .join(", ");

export const provenanceText = (provenance: Provenance): string => {
  if (provenance.via.length === 0) return "direct";
  const via = `via ${provenance.via.join(", ")}`;
  return provenance.direct ? `direct, also ${via}` : via;
};
