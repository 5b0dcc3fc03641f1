import {
  type Any,
  anyPack,
  ChildResourceTypeSchema,
  create,
  GrantMetadataSchema,
  SkipGrantsSchema,
  SyncDetailsSchema,
  UserTraitSchema,
} from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { findAnnotation, hasAnnotation, packAnnotations } from "./annotations.js";

describe("annotations", () => {
  it("packAnnotations uses Baton's type URLs and keeps an Any as it is", () => {
    const already = anyPack(SkipGrantsSchema, create(SkipGrantsSchema));
    const packed = packAnnotations([
      create(ChildResourceTypeSchema, { resourceTypeId: "team" }),
      create(SyncDetailsSchema, { id: "2abc" }),
      already,
    ]);
    expect(packed.map((a) => a.typeUrl)).toEqual([
      "type.googleapis.com/c1.connector.v2.ChildResourceType",
      "type.googleapis.com/c1.c1z.v1.SyncDetails",
      "type.googleapis.com/c1.connector.v2.SkipGrants",
    ]);
    expect(packed[2]).toBe(already);
  });

  it("findAnnotation returns the first match unpacked, like Baton's Pick; hasAnnotation tells presence", () => {
    const annotations: Any[] = packAnnotations([
      create(ChildResourceTypeSchema, { resourceTypeId: "first" }),
      create(UserTraitSchema, { login: "ada" }),
      create(ChildResourceTypeSchema, { resourceTypeId: "second" }),
    ]);
    expect(findAnnotation(annotations, ChildResourceTypeSchema)?.resourceTypeId).toBe("first");
    expect(findAnnotation(annotations, UserTraitSchema)?.login).toBe("ada");
    expect(findAnnotation(annotations, GrantMetadataSchema)).toBeUndefined();
    expect(hasAnnotation(annotations, UserTraitSchema)).toBe(true);
    expect(hasAnnotation(annotations, SkipGrantsSchema)).toBe(false);
  });

  it("packAnnotations gives anyPack's annotation (trait profiles written by the wire encoder's encodeMessage)", () => {
    // A profile with every JSON kind, nested: the Struct is written by hand, so compare with anyPack.
    const profile = { scope: "site", roles: ["Admin", null, 3, { id: "r1", on: true }], deep: { a: [[]] } };
    const trait = create(UserTraitSchema, { profile, login: "ada" });
    expect(packAnnotations([trait])).toStrictEqual([anyPack(UserTraitSchema, trait)]);
  });
});
