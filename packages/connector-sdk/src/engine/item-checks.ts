import {
  type Any,
  AppTraitSchema,
  anyPack,
  anyUnpack,
  ChildResourceTypeSchema,
  create,
  type Entitlement,
  type Grant,
  GrantExpandableSchema,
  GroupTraitSchema,
  type Resource,
  Resource_CreationSource,
  type ResourceId,
  type ResourceType,
  RoleTraitSchema,
  typeUrlOf,
  UserTraitSchema,
} from "@baton-ts/protocol";
import type { TraitName } from "../contract/resource-type.js";
import { ContractError } from "../errors.js";
import { resourceTypeMessage } from "./metadata.js";
import type { AnyResourceTypeDefinition } from "./sync-plan.js";
import type { ExpansionEdge } from "./sync-state.js";

const TRAIT_TYPE_URLS: Readonly<Record<TraitName, string>> = {
  user: typeUrlOf(UserTraitSchema),
  group: typeUrlOf(GroupTraitSchema),
  role: typeUrlOf(RoleTraitSchema),
  app: typeUrlOf(AppTraitSchema),
};
const CHILD_TYPE_URL = typeUrlOf(ChildResourceTypeSchema);
const EXPANDABLE_TYPE_URL = typeUrlOf(GrantExpandableSchema);

const describe = (value: unknown): string => {
  if (value === null || typeof value !== "object") return value === null ? "null" : typeof value;
  const typeName = (value as { $typeName?: unknown }).$typeName;
  return typeof typeName === "string" ? typeName : "plain object (not a protocol message)";
};

const requireMessage = (value: unknown, typeName: string, where: string, index: number): void => {
  if (describe(value) !== typeName) {
    throw new ContractError(
      `${where} returned a ${describe(value)} at items[${index}]; expected a ${typeName} ` +
        "(build items with the sdk's model builders)",
    );
  }
};

const key = (id: ResourceId | undefined): string =>
  id === undefined ? "(none)" : `${id.resourceType}:${id.resource}`;

/**
 * A resource as the sync stores it: checked against its type (id, traits), marked as listed by the
 * connector (creation_source, like Baton's syncer), its parent filled in when listed under one, and a
 * ChildResourceType annotation per declared child type so that readers know the tree.
 */
export const storedResource = (
  item: unknown,
  index: number,
  def: AnyResourceTypeDefinition,
  parent: ResourceId | undefined,
  where: string,
): Resource => {
  requireMessage(item, "c1.connector.v2.Resource", where, index);
  const resource = item as Resource;
  const id = resource.id;
  if (id === undefined || id.resource === "") {
    throw new ContractError(`${where} returned a resource without an id at items[${index}]`);
  }
  if (id.resourceType !== def.id) {
    throw new ContractError(
      `${where} returned resource ${key(id)} of type ${JSON.stringify(id.resourceType)}; ` +
        `list() of type ${JSON.stringify(def.id)} must return resources of that type`,
    );
  }
  for (const trait of def.traits ?? []) {
    const url = TRAIT_TYPE_URLS[trait];
    if (!resource.annotations.some((annotation) => annotation.typeUrl === url)) {
      throw new ContractError(
        `${where} returned resource ${key(id)} without the ${trait} trait, but type ${JSON.stringify(def.id)} ` +
          `declares it; build it with ${trait}Resource()`,
      );
    }
  }
  let annotations: Any[] = resource.annotations;
  const children = def.children ?? [];
  if (children.length > 0) {
    const present = new Set(
      annotations
        .filter((annotation) => annotation.typeUrl === CHILD_TYPE_URL)
        .map((annotation) => anyUnpack(annotation, ChildResourceTypeSchema)?.resourceTypeId),
    );
    const missing = children.filter((child) => !present.has(child));
    if (missing.length > 0) {
      annotations = [
        ...annotations,
        ...missing.map((child) =>
          anyPack(ChildResourceTypeSchema, create(ChildResourceTypeSchema, { resourceTypeId: child })),
        ),
      ];
    }
  }
  return {
    ...resource,
    annotations,
    parentResourceId: resource.parentResourceId ?? parent,
    creationSource: Resource_CreationSource.CONNECTOR_LIST_RESOURCES,
  };
};

/**
 * An entitlement as stored: it must belong to the resource it was listed for, and grantable_to
 * entries given as bare ids are completed from the connector's definitions.
 */
export const storedEntitlement = (
  item: unknown,
  index: number,
  resource: Resource,
  byId: ReadonlyMap<string, AnyResourceTypeDefinition>,
  where: string,
): Entitlement => {
  requireMessage(item, "c1.connector.v2.Entitlement", where, index);
  const entitlement = item as Entitlement;
  if (entitlement.id === "")
    throw new ContractError(`${where} returned an entitlement without an id at items[${index}]`);
  const owner = entitlement.resource?.id;
  if (owner?.resourceType !== resource.id?.resourceType || owner?.resource !== resource.id?.resource) {
    throw new ContractError(
      `${where} returned entitlement ${JSON.stringify(entitlement.id)} of resource ${key(owner)}; ` +
        `entitlements() must return entitlements of the resource it was called for (${key(resource.id)})`,
    );
  }
  if (entitlement.grantableTo.length === 0) return entitlement;
  let completed = false;
  const grantableTo = entitlement.grantableTo.map((type): ResourceType => {
    if (type.displayName !== "" || type.traits.length > 0) return type;
    const def = byId.get(type.id);
    if (def === undefined) {
      throw new ContractError(
        `${where} returned entitlement ${JSON.stringify(entitlement.id)} grantable to unknown resource type ` +
          `${JSON.stringify(type.id)}; known types: ${[...byId.keys()].join(", ")}`,
      );
    }
    completed = true;
    return typeMessageOf(def);
  });
  return completed ? { ...entitlement, grantableTo } : entitlement;
};

/**
 * One ResourceType message per definition (definitions do not change during a sync): every entitlement
 * grantable to a type then shares it, and the store encoder encodes it once per batch.
 */
const typeMessages = new WeakMap<AnyResourceTypeDefinition, ResourceType>();
const typeMessageOf = (def: AnyResourceTypeDefinition): ResourceType => {
  let message = typeMessages.get(def);
  if (message === undefined) {
    message = resourceTypeMessage(def);
    typeMessages.set(def, message);
  }
  return message;
};

/** Checks a grant and returns the expansion edges (GrantExpandable) it declares. */
export const checkGrant = (
  item: unknown,
  index: number,
  where: string,
  edges: (edge: ExpansionEdge) => void,
): Grant => {
  requireMessage(item, "c1.connector.v2.Grant", where, index);
  const grant = item as Grant;
  if (grant.id === "") throw new ContractError(`${where} returned a grant without an id at items[${index}]`);
  const entitlement = grant.entitlement;
  if (entitlement === undefined || entitlement.id === "" || entitlement.resource?.id === undefined) {
    throw new ContractError(
      `${where} returned grant ${JSON.stringify(grant.id)} without its entitlement's id and resource ` +
        "(build it with grant(resource, slug, principal))",
    );
  }
  const principal = grant.principal?.id;
  if (principal === undefined || principal.resource === "" || principal.resourceType === "") {
    throw new ContractError(`${where} returned grant ${JSON.stringify(grant.id)} without a principal id`);
  }
  for (const annotation of grant.annotations) {
    if (annotation.typeUrl !== EXPANDABLE_TYPE_URL) continue;
    const expandable = anyUnpack(annotation, GrantExpandableSchema);
    if (expandable === undefined) continue;
    const principalPrefix = `${principal.resourceType}:${principal.resource}:`;
    for (const source of expandable.entitlementIds) {
      // Baton's rule: the source is an entitlement of the principal (e.g. group:g1:member for a grant to group g1).
      if (!source.startsWith(principalPrefix)) {
        throw new ContractError(
          `${where} returned grant ${JSON.stringify(grant.id)} expandable from ${JSON.stringify(source)}, which is ` +
            `not an entitlement of its principal ${key(principal)}; GrantExpandable names the principal's own ` +
            "entitlements (e.g. its member entitlement)",
        );
      }
      if (source === entitlement.id) continue;
      edges([source, entitlement.id, expandable.shallow, [...expandable.resourceTypeIds].sort()]);
    }
  }
  return grant;
};
