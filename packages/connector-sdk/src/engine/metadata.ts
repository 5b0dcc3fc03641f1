import {
  AnySchema,
  anyPack,
  Capability,
  type ConnectorCapabilities,
  ConnectorCapabilitiesSchema,
  type ConnectorMetadata,
  ConnectorMetadataSchema,
  create,
  type ResourceType,
  ResourceType_Trait,
  ResourceTypeCapabilitySchema,
  ResourceTypeSchema,
  registry,
  SkipEntitlementsAndGrantsSchema,
  toJson,
} from "@baton-ts/protocol";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { ResourceTypeDefinition, TraitName } from "../contract/resource-type.js";

const TRAIT_VALUES: Readonly<Record<TraitName, ResourceType_Trait>> = {
  user: ResourceType_Trait.USER,
  group: ResourceType_Trait.GROUP,
  role: ResourceType_Trait.ROLE,
  app: ResourceType_Trait.APP,
};

/** The ResourceType message a definition stands for (what the sync stores and `capabilities` prints). */
export const resourceTypeMessage = (def: ResourceTypeDefinition<unknown>): ResourceType =>
  create(ResourceTypeSchema, {
    id: def.id,
    displayName: def.displayName,
    traits: (def.traits ?? []).map((trait) => TRAIT_VALUES[trait]),
    description: def.description ?? "",
    annotations: def.skipEntitlementsAndGrants
      ? [anyPack(SkipEntitlementsAndGrantsSchema, create(SkipEntitlementsAndGrantsSchema))]
      : [],
  });

/** Whether a type can be provisioned: it implements grant or revoke. */
export const isProvisionable = (def: ResourceTypeDefinition<unknown>): boolean =>
  def.grant !== undefined || def.revoke !== undefined;

/**
 * Capabilities derived from the definition, never declared: SYNC for every type, PROVISION where
 * grant/revoke exist, sorted by resource type id (Baton's connectorbuilder).
 */
export const connectorCapabilities = (connector: AnyConnectorDefinition): ConnectorCapabilities =>
  create(ConnectorCapabilitiesSchema, {
    resourceTypeCapabilities: [...connector.resourceTypes]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((def) =>
        create(ResourceTypeCapabilitySchema, {
          resourceType: resourceTypeMessage(def),
          capabilities: isProvisionable(def) ? [Capability.SYNC, Capability.PROVISION] : [Capability.SYNC],
        }),
      ),
  });

/** GetMetadata's answer. */
export const connectorMetadata = (connector: AnyConnectorDefinition): ConnectorMetadata =>
  create(ConnectorMetadataSchema, {
    displayName: connector.metadata.displayName,
    description: connector.metadata.description,
    helpUrl: connector.metadata.helpUrl ?? "",
    capabilities: connectorCapabilities(connector),
  });

/**
 * Baton's `capabilities` output: protojson of Any(ConnectorCapabilities), 2-space indent, "@type"
 * first (what repositories commit as baton_capabilities.json). No trailing newline.
 */
export const capabilitiesJson = (connector: AnyConnectorDefinition): string => {
  const json = toJson(AnySchema, anyPack(ConnectorCapabilitiesSchema, connectorCapabilities(connector)), {
    registry,
  }) as Record<string, unknown>;
  // protobuf-es writes "@type" last; Go's protojson (and every committed baton_capabilities.json) first.
  const { "@type": type, ...fields } = json;
  return JSON.stringify({ "@type": type, ...fields }, null, 2);
};
