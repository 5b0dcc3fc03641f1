import { describe, expect, it } from "vitest";
import {
  anyPack,
  ChildResourceTypeSchema,
  create,
  ResourceIdSchema,
  ResourceSchema,
  ResourceType_Trait,
  ResourceTypeSchema,
  toBinary,
} from "../src/index.js";

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
/** A LEN field whose tag and length fit one byte each: (field << 3 | 2), length, payload. */
const len = (field: number, payload: number[]): number[] => [(field << 3) | 2, payload.length, ...payload];

// Built by hand from the field numbers of baton-sdk's proto/c1/connector/v2/*.proto, not from our
// generated code, so a renumbered field cannot pass.
describe("golden bytes", () => {
  it("ResourceId{resource_type:'user', resource:'42'}", () => {
    const expected = [...len(1, utf8("user")), ...len(2, utf8("42"))];
    expect([
      ...toBinary(ResourceIdSchema, create(ResourceIdSchema, { resourceType: "user", resource: "42" })),
    ]).toEqual(expected);
    expect(expected).toEqual([0x0a, 4, 0x75, 0x73, 0x65, 0x72, 0x12, 2, 0x34, 0x32]);
  });

  it("ResourceType{id:'group', display_name:'Group', traits:[GROUP]} with a packed trait list", () => {
    const expected = [...len(1, utf8("group")), ...len(2, utf8("Group")), ...len(3, [2])];
    const actual = toBinary(
      ResourceTypeSchema,
      create(ResourceTypeSchema, { id: "group", displayName: "Group", traits: [ResourceType_Trait.GROUP] }),
    );
    expect([...actual]).toEqual(expected);
  });

  it("Resource with a ChildResourceType annotation", () => {
    const typeUrl = utf8("type.googleapis.com/c1.connector.v2.ChildResourceType");
    const child = len(1, utf8("team"));
    const expected = [
      ...len(1, [...len(1, utf8("org")), ...len(2, utf8("o1"))]),
      ...len(3, utf8("Org")),
      ...len(4, [...len(1, typeUrl), ...len(2, child)]),
    ];
    const actual = toBinary(
      ResourceSchema,
      create(ResourceSchema, {
        id: { resourceType: "org", resource: "o1" },
        displayName: "Org",
        annotations: [
          anyPack(ChildResourceTypeSchema, create(ChildResourceTypeSchema, { resourceTypeId: "team" })),
        ],
      }),
    );
    expect([...actual]).toEqual(expected);
  });
});
