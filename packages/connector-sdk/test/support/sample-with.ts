import type { AnyConnectorDefinition, ResourceTypeDefinition } from "../../src/index.js";
import { sampleConnector } from "../../src/sample/index.js";

/** The sample connector with one resource type's definition changed (to break the contract on purpose). */
export const sampleWith = (
  type: string,
  change: (def: ResourceTypeDefinition<unknown>) => Partial<ResourceTypeDefinition<unknown>>,
): AnyConnectorDefinition =>
  ({
    ...sampleConnector,
    resourceTypes: sampleConnector.resourceTypes.map((def) =>
      def.id === type ? { ...def, ...change(def as ResourceTypeDefinition<unknown>) } : def,
    ),
  }) as AnyConnectorDefinition;
