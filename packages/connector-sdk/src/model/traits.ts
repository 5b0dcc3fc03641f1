import {
  type AppTrait,
  AppTraitSchema,
  type DescMessage,
  type GroupTrait,
  GroupTraitSchema,
  type Resource,
  type ResourceType,
  ResourceType_Trait,
  type RoleTrait,
  RoleTraitSchema,
  type UserTrait,
  UserTraitSchema,
} from "@baton-ts/protocol";
import type { TraitName } from "../contract/resource-type.js";
import { findAnnotation } from "./annotations.js";

/** The Baton trait enum value of each trait name. */
export const TRAIT_NAMES: Readonly<Record<TraitName, ResourceType_Trait>> = Object.freeze({
  user: ResourceType_Trait.USER,
  group: ResourceType_Trait.GROUP,
  role: ResourceType_Trait.ROLE,
  app: ResourceType_Trait.APP,
});

/** The annotation message a resource of a type with this trait must carry. */
export const TRAIT_SCHEMAS: Readonly<Record<TraitName, DescMessage>> = Object.freeze({
  user: UserTraitSchema,
  group: GroupTraitSchema,
  role: RoleTraitSchema,
  app: AppTraitSchema,
});

const namesByTrait = new Map<ResourceType_Trait, TraitName>(
  Object.entries(TRAIT_NAMES).map(([name, trait]) => [trait, name as TraitName]),
);

/** The trait names of a resource type; traits this sdk does not model (secret, agent, ...) are left out. */
export const traitsOf = (type: ResourceType): TraitName[] =>
  type.traits.flatMap((trait) => {
    const name = namesByTrait.get(trait);
    return name === undefined ? [] : [name];
  });

export const userTraitOf = (resource: Resource): UserTrait | undefined =>
  findAnnotation(resource.annotations, UserTraitSchema);
export const groupTraitOf = (resource: Resource): GroupTrait | undefined =>
  findAnnotation(resource.annotations, GroupTraitSchema);
export const roleTraitOf = (resource: Resource): RoleTrait | undefined =>
  findAnnotation(resource.annotations, RoleTraitSchema);
export const appTraitOf = (resource: Resource): AppTrait | undefined =>
  findAnnotation(resource.annotations, AppTraitSchema);
