import {
  ChildResourceTypeSchema,
  create,
  ResourceType_Trait,
  SkipEntitlementsAndGrantsSchema,
} from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import type { TraitName } from "../contract/resource-type.js";
import { ContractError } from "../errors.js";
import { hasAnnotation } from "./annotations.js";
import { resourceType } from "./resource-type.js";
import { TRAIT_NAMES, traitsOf } from "./traits.js";

describe("resourceType", () => {
  it("maps trait names to Baton's enum and packs annotations", () => {
    const type = resourceType({
      id: "workspace",
      displayName: "Workspace",
      traits: ["app"],
      description: "A Segment workspace",
      annotations: [create(SkipEntitlementsAndGrantsSchema)],
    });
    expect(type.$typeName).toBe("c1.connector.v2.ResourceType");
    expect(type).toMatchObject({
      id: "workspace",
      displayName: "Workspace",
      description: "A Segment workspace",
    });
    expect(type.traits).toEqual([ResourceType_Trait.APP]);
    expect(hasAnnotation(type.annotations, SkipEntitlementsAndGrantsSchema)).toBe(true);
    expect(hasAnnotation(type.annotations, ChildResourceTypeSchema)).toBe(false);
  });

  it("traitsOf reads the names back; TRAIT_NAMES is the enum mapping", () => {
    const type = resourceType({ id: "user", displayName: "User", traits: ["user", "group"] });
    expect(traitsOf(type)).toEqual(["user", "group"]);
    expect(TRAIT_NAMES).toEqual({ user: 1, group: 2, role: 3, app: 4 });
    expect(traitsOf({ ...type, traits: [ResourceType_Trait.SECRET, ResourceType_Trait.ROLE] })).toEqual([
      "role",
    ]);
  });

  it("rejects an empty id, an unknown or repeated trait and a missing display name", () => {
    expect(() => resourceType({ id: "", displayName: "X" })).toThrow(/resourceType: id is empty/);
    const build = () => resourceType({ id: "u", displayName: "U", traits: ["person" as TraitName] });
    expect(build).toThrow(ContractError);
    expect(build).toThrow(/traits\[0\] "person" is not one of user, group, role, app/);
    expect(() => resourceType({ id: "u", displayName: "U", traits: ["user", "user"] })).toThrow(/twice/);
    expect(() => resourceType({ id: "u", displayName: "" })).toThrow(
      /resourceType\("u"\): displayName is empty/,
    );
  });
});
