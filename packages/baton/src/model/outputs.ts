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
import { keyOf, type Lookups } from "./lookups.js";

/**
 * Baton's `baton.v1` output messages (ConductorOne/baton proto/baton/v1/outputs.proto) as the JSON its
 * CLI prints with protojson: fields in field-number order, unset messages and empty lists left out.
 * Built as plain objects around protojson of the connector.v2 messages, since the outputs themselves
 * are only ever printed.
 */
export class OutputJson {
  constructor(
    private readonly lookups: Lookups,
    private readonly onUnknown: (typeUrl: string) => void,
  ) {}

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
      resourceType: this.resourceType(this.lookups.resourceType(resource.id?.resourceType ?? "")),
      ...(parentId ? { parent: this.resource(this.lookups.resource(parentId)) } : {}),
    };
  }

  /** EntitlementOutput{entitlement=1, resource=2, resource_type=3} */
  entitlementOutput(entitlement: Entitlement): JsonObject {
    const key = keyOf(entitlement.resource);
    return {
      entitlement: this.entitlement(entitlement),
      resource: this.resource(this.lookups.resource(key, entitlement.resource)),
      resourceType: this.resourceType(this.lookups.resourceType(key.resourceType)),
    };
  }

  /** GrantOutput{grant=1, entitlement=2, resource=3, resource_type=4, principal=5} */
  grantOutput(grant: Grant): JsonObject {
    const entitlement = this.lookups.entitlement(grant.entitlement?.id ?? "", grant.entitlement);
    const resourceKey = keyOf(grant.entitlement?.resource);
    return {
      grant: this.grant(grant),
      entitlement: this.entitlement(entitlement),
      resource: this.resource(this.lookups.resource(resourceKey, grant.entitlement?.resource)),
      resourceType: this.resourceType(this.lookups.resourceType(resourceKey.resourceType)),
      principal: this.resource(this.lookups.resource(keyOf(grant.principal), grant.principal)),
    };
  }
}
