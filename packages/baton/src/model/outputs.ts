import {
  type Entitlement,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  type JsonObject,
  type Resource,
  ResourceSchema,
  type ResourceType,
  ResourceTypeSchema,
} from "@baton-ts/protocol";
import { messageJson } from "./json.js";
import { keyOf, keyText, type Lookups } from "./lookups.js";
import { Lru } from "./lru.js";

/**
 * Baton's `baton.v1` output messages (ConductorOne/baton proto/baton/v1/outputs.proto) as the JSON its
 * CLI prints with protojson: fields in field-number order, unset messages and empty lists left out.
 * Built as plain objects around protojson of the connector.v2 messages, since the outputs themselves
 * are only ever printed.
 */
export class OutputJson {
  // The JSON of the messages a listing repeats on every row (each grant's entitlement, resource and
  // resource type), made once per id: protojson by reflection is the costly part of printing a row.
  readonly #resources = new Lru<string, JsonObject>(1000);
  readonly #entitlements = new Lru<string, JsonObject>(1000);
  readonly #types = new Map<string, JsonObject>();

  constructor(
    private readonly lookups: Lookups,
    private readonly onUnknown: (typeUrl: string) => void,
  ) {}

  #cached<K>(
    cache: { get(key: K): JsonObject | undefined; set(key: K, value: JsonObject): void },
    key: K,
    make: () => JsonObject,
  ) {
    let json = cache.get(key);
    if (json === undefined) {
      json = make();
      cache.set(key, json);
    }
    return json;
  }

  /** A looked-up resource's JSON, cached by its key. */
  knownResource(resource: Resource): JsonObject {
    return this.#cached(this.#resources, keyText(keyOf(resource)), () => this.resource(resource));
  }

  knownEntitlement(entitlement: Entitlement): JsonObject {
    return this.#cached(this.#entitlements, entitlement.id, () => this.entitlement(entitlement));
  }

  knownResourceType(type: ResourceType): JsonObject {
    return this.#cached(this.#types, type.id, () => this.resourceType(type));
  }

  resource(resource: Resource): JsonObject {
    return messageJson(ResourceSchema, resource, this.onUnknown) as JsonObject;
  }

  resourceType(type: ResourceType): JsonObject {
    return messageJson(ResourceTypeSchema, type, this.onUnknown) as JsonObject;
  }

  entitlement(entitlement: Entitlement): JsonObject {
    return messageJson(EntitlementSchema, entitlement, this.onUnknown) as JsonObject;
  }

  grant(grant: Grant): JsonObject {
    return messageJson(GrantSchema, grant, this.onUnknown) as JsonObject;
  }

  /** ResourceTypeOutput{resource_type=1} */
  resourceTypeOutput(type: ResourceType): JsonObject {
    return { resourceType: this.resourceType(type) };
  }

  /** ResourceOutput{resource=1, resource_type=2, parent=3} */
  resourceOutput(resource: Resource): JsonObject {
    const parentId = resource.parentResourceId;
    return {
      resource: this.resource(resource),
      resourceType: this.knownResourceType(this.lookups.resourceType(resource.id?.resourceType ?? "")),
      ...(parentId ? { parent: this.knownResource(this.lookups.resource(parentId)) } : {}),
    };
  }

  /** EntitlementOutput{entitlement=1, resource=2, resource_type=3} */
  entitlementOutput(entitlement: Entitlement): JsonObject {
    const key = keyOf(entitlement.resource);
    return {
      entitlement: this.entitlement(entitlement),
      resource: this.knownResource(this.lookups.resource(key, entitlement.resource)),
      resourceType: this.knownResourceType(this.lookups.resourceType(key.resourceType)),
    };
  }

  /** GrantOutput{grant=1, entitlement=2, resource=3, resource_type=4, principal=5} */
  grantOutput(grant: Grant): JsonObject {
    const entitlement = this.lookups.entitlement(grant.entitlement?.id ?? "", grant.entitlement);
    const resourceKey = keyOf(grant.entitlement?.resource);
    return {
      grant: this.grant(grant),
      entitlement: this.knownEntitlement(entitlement),
      resource: this.knownResource(this.lookups.resource(resourceKey, grant.entitlement?.resource)),
      resourceType: this.knownResourceType(this.lookups.resourceType(resourceKey.resourceType)),
      principal: this.knownResource(this.lookups.resource(keyOf(grant.principal), grant.principal)),
    };
  }
}
