import {
  create,
  type Entitlement,
  Entitlement_PurposeValue,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  type Resource,
  ResourceSchema,
  type ResourceType,
  ResourceType_Trait,
  ResourceTypeSchema,
} from "@baton-ts/protocol";

export function resourceType(id: string, trait = ResourceType_Trait.USER): ResourceType {
  return create(ResourceTypeSchema, { id, displayName: id.toUpperCase(), traits: [trait] });
}

export function resource(type: string, id: string, parent?: { type: string; id: string }): Resource {
  return create(ResourceSchema, {
    id: { resourceType: type, resource: id },
    displayName: `${type} ${id}`,
    ...(parent ? { parentResourceId: { resourceType: parent.type, resource: parent.id } } : {}),
  });
}

/** A Baton-style entitlement id "rt:rid:slug" on a resource. */
export function entitlement(onResource: Resource, slug: string): Entitlement {
  const id = onResource.id;
  return create(EntitlementSchema, {
    id: `${id?.resourceType}:${id?.resource}:${slug}`,
    resource: onResource,
    displayName: slug,
    slug,
    purpose: Entitlement_PurposeValue.ASSIGNMENT,
  });
}

/** A grant as Baton's syncer stores it: entitlement stub, principal stub, id "entID:ptype:pid". */
export function grant(of: Entitlement, principal: Resource): Grant {
  return create(GrantSchema, {
    id: `${of.id}:${principal.id?.resourceType}:${principal.id?.resource}`,
    entitlement: create(EntitlementSchema, {
      id: of.id,
      resource: create(ResourceSchema, { id: of.resource?.id }),
    }),
    principal: create(ResourceSchema, { id: principal.id }),
  });
}
