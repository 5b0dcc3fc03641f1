import {
  type Entitlement,
  type Grant,
  type Resource,
  type ResourceType,
  ResourceTypeSchema,
  toBinary,
} from "@baton-ts/protocol";
import { GrantEncoder, MessageEncoder } from "@baton-ts/protocol/wire";
import { C1zUsageError } from "./errors.js";
import {
  type EntitlementRow,
  type GrantRow,
  type ResourceRow,
  type ResourceTypeRow,
  resourceExternalId,
} from "./rows.js";

/** Message → row: the protobuf bytes plus Baton's denormalised columns. */
export function resourceTypeRow(resourceType: ResourceType): ResourceTypeRow {
  if (!resourceType.id) throw new C1zUsageError("cannot store a resource type without an id");
  return { externalId: resourceType.id, data: toBinary(ResourceTypeSchema, resourceType) };
}

/**
 * Makes the rows of resources, entitlements and grants one at a time, reusing one row object per kind
 * and one encoding buffer: each row is only valid until the next call, which is all RowStore's
 * put*With needs (SQLite copies bound values). At a million grants per sync, a fresh row object and byte
 * array per grant were measurable garbage-collection work.
 */
export class RowMaker {
  // Sub-messages are written in place (no reuse across calls): callers of put* may change their
  // messages between calls, and each row is encoded once.
  readonly #grants = new GrantEncoder();
  readonly #messages = new MessageEncoder();
  readonly #resource: ResourceRow = {
    externalId: "",
    resourceTypeId: "",
    parentResourceTypeId: undefined,
    parentResourceId: undefined,
    data: new Uint8Array(0),
  };
  readonly #entitlement: EntitlementRow = {
    externalId: "",
    resourceTypeId: "",
    resourceId: "",
    data: new Uint8Array(0),
  };
  readonly #grant: GrantRow = {
    externalId: "",
    resourceTypeId: "",
    resourceId: "",
    entitlementId: "",
    principalResourceTypeId: "",
    principalResourceId: "",
    data: new Uint8Array(0),
  };

  // Arrow properties so they can be passed as callbacks without binding.
  readonly resourceRow = (resource: Resource): ResourceRow => {
    const id = resource.id;
    if (!id?.resourceType || !id.resource) {
      throw new C1zUsageError(
        `cannot store a resource without id.resourceType and id.resource (display name "${resource.displayName}")`,
      );
    }
    const parent = resource.parentResourceId;
    const row = this.#resource;
    row.externalId = resourceExternalId(id);
    row.resourceTypeId = id.resourceType;
    row.parentResourceTypeId = parent ? parent.resourceType : undefined;
    row.parentResourceId = parent ? parent.resource : undefined;
    row.data = this.#messages.resourceView(resource);
    return row;
  };

  readonly entitlementRow = (entitlement: Entitlement): EntitlementRow => {
    const resourceId = entitlement.resource?.id;
    if (!entitlement.id) throw new C1zUsageError("cannot store an entitlement without an id");
    if (!resourceId?.resourceType || !resourceId.resource) {
      throw new C1zUsageError(`cannot store entitlement "${entitlement.id}": it has no resource.id`);
    }
    const row = this.#entitlement;
    row.externalId = entitlement.id;
    row.resourceTypeId = resourceId.resourceType;
    row.resourceId = resourceId.resource;
    row.data = this.#messages.entitlementView(entitlement);
    this.#messages.clear();
    return row;
  };

  readonly grantRow = (grant: Grant): GrantRow => {
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
    const row = this.#grant;
    row.externalId = grant.id;
    row.resourceTypeId = resourceId.resourceType;
    row.resourceId = resourceId.resource;
    row.entitlementId = entitlement.id;
    row.principalResourceTypeId = principalId.resourceType;
    row.principalResourceId = principalId.resource;
    row.data = this.#grants.view(grant);
    return row;
  };
}
