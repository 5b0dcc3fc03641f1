import {
  create,
  type Entitlement,
  Entitlement_PurposeValue,
  EntitlementSchema,
  type Message,
  type Resource,
  type ResourceType,
  ResourceTypeSchema,
} from "@baton-ts/protocol";
import { packAnnotations } from "./annotations.js";
import { requireText } from "./contract-check.js";
import { entitlementId, idOf } from "./ids.js";

export interface EntitlementOptions {
  /** Default: the slug, as Baton's helpers. */
  readonly displayName?: string | undefined;
  readonly description?: string | undefined;
  /**
   * Types whose resources can hold this entitlement. A string becomes `ResourceType{id}`; the
   * engine completes it from the connector's definitions.
   */
  readonly grantableTo?: readonly (ResourceType | string)[] | undefined;
  readonly annotations?: readonly Message[] | undefined;
}

/** Baton allows at most this many bytes in an entitlement's description. */
const MAX_DESCRIPTION_BYTES = 2048;

const grantableType = (field: string, type: ResourceType | string): ResourceType => {
  if (typeof type === "string") return create(ResourceTypeSchema, { id: requireText(field, type) });
  requireText(`${field}.id`, type.id);
  return type;
};

const entitlement = (
  purpose: Entitlement_PurposeValue,
  builder: string,
  resource: Resource,
  slug: string,
  options: EntitlementOptions = {},
): Entitlement => {
  idOf(`${builder}: resource`, resource);
  const id = entitlementId(resource, slug);
  const where = `${builder}(${JSON.stringify(id)})`;
  return create(EntitlementSchema, {
    resource,
    id,
    displayName: requireText(`${where}: displayName`, options.displayName ?? slug),
    description:
      options.description === undefined || options.description === ""
        ? ""
        : requireText(`${where}: description`, options.description, MAX_DESCRIPTION_BYTES),
    grantableTo: (options.grantableTo ?? []).map((type, index) =>
      grantableType(`${where}: grantableTo[${index}]`, type),
    ),
    annotations: packAnnotations(options.annotations ?? []),
    purpose,
    slug,
  });
};

/** Baton's NewAssignmentEntitlement: membership-like access (purpose ASSIGNMENT). */
export const assignmentEntitlement = (
  resource: Resource,
  slug: string,
  options?: EntitlementOptions,
): Entitlement =>
  entitlement(Entitlement_PurposeValue.ASSIGNMENT, "assignmentEntitlement", resource, slug, options);

/** Baton's NewPermissionEntitlement: a permission on the resource (purpose PERMISSION). */
export const permissionEntitlement = (
  resource: Resource,
  slug: string,
  options?: EntitlementOptions,
): Entitlement =>
  entitlement(Entitlement_PurposeValue.PERMISSION, "permissionEntitlement", resource, slug, options);
