import { create, type Message, type ResourceType, ResourceTypeSchema } from "@baton-ts/protocol";
import type { TraitName } from "../contract/resource-type.js";
import { packAnnotations } from "./annotations.js";
import { contractFailure, requireText } from "./contract-check.js";
import { TRAIT_NAMES } from "./traits.js";

export interface ResourceTypeInput {
  /** Stable public id, e.g. `user`; becomes part of every resource, entitlement and grant id. */
  readonly id: string;
  readonly displayName: string;
  readonly traits?: readonly TraitName[] | undefined;
  readonly description?: string | undefined;
  readonly annotations?: readonly Message[] | undefined;
}

/** Baton allows at most this many bytes in a resource type's description. */
const MAX_DESCRIPTION_BYTES = 4096;

export const resourceType = (input: ResourceTypeInput): ResourceType => {
  const id = requireText("resourceType: id", input.id);
  const where = `resourceType(${JSON.stringify(id)})`;
  const traits = (input.traits ?? []).map((name, index) => {
    const trait = Object.hasOwn(TRAIT_NAMES, name) ? TRAIT_NAMES[name] : undefined;
    if (trait === undefined) {
      return contractFailure(
        `${where}: traits[${index}] ${JSON.stringify(name)} is not one of user, group, role, app`,
      );
    }
    return trait;
  });
  if (new Set(traits).size !== traits.length) contractFailure(`${where}: traits lists a trait twice`);
  return create(ResourceTypeSchema, {
    id,
    displayName: requireText(`${where}: displayName`, input.displayName),
    traits,
    description:
      input.description === undefined || input.description === ""
        ? ""
        : requireText(`${where}: description`, input.description, MAX_DESCRIPTION_BYTES),
    annotations: packAnnotations(input.annotations ?? []),
  });
};
