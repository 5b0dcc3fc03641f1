import {
  anyPack,
  create,
  fromBinary,
  GrantAlreadyExistsSchema,
  GrantExpandableSchema,
  GrantMetadataSchema,
  GrantSchema,
  ResourceSchema,
  toBinary,
} from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { ContractError } from "../errors.js";
import { findAnnotation } from "./annotations.js";
import { grant } from "./grant.js";
import { resourceId } from "./ids.js";
import { groupResource, userResource } from "./resource.js";

const group = groupResource({ type: "group", id: "g1", displayName: "Admins" });
const ada = userResource({ type: "user", id: 7, displayName: "Ada", user: { login: "ada" } });

describe("grant", () => {
  it("follows Baton's NewGrant: id, entitlement stub and the full principal", () => {
    const built = grant(group, "member", ada);
    expect(built.$typeName).toBe("c1.connector.v2.Grant");
    expect(built.id).toBe("group:g1:member:user:7");
    expect(built.entitlement).toMatchObject({ id: "group:g1:member", displayName: "", slug: "", purpose: 0 });
    expect(built.entitlement?.resource).toBe(group);
    expect(built.principal).toBe(ada);
    expect(built.annotations).toEqual([]);
  });

  it("takes the entitlement's resource as a ResourceId: a stub Resource{id}, encoded like a built one", () => {
    const byId = grant(resourceId("source", "s1"), "admin", resourceId("user", "u1"));
    const byStub = grant(
      create(ResourceSchema, { id: { resourceType: "source", resource: "s1" } }),
      "admin",
      resourceId("user", "u1"),
    );
    expect(byId.id).toBe("source:s1:admin:user:u1");
    expect(byId.entitlement?.id).toBe("source:s1:admin");
    expect(byId.entitlement?.resource?.$typeName).toBe("c1.connector.v2.Resource");
    expect(byId.entitlement?.resource?.id).toMatchObject({ resourceType: "source", resource: "s1" });
    expect(toBinary(GrantSchema, byId)).toEqual(toBinary(GrantSchema, byStub));
    expect(() => grant(resourceId("source", "s1"), "", resourceId("user", "u1"))).toThrow(ContractError);
  });

  it("wraps a principal ResourceId as Resource{id}", () => {
    const built = grant(group, "member", resourceId("team", "t9"));
    expect(built.id).toBe("group:g1:member:team:t9");
    expect(built.principal?.$typeName).toBe("c1.connector.v2.Resource");
    expect(built.principal?.id).toMatchObject({ resourceType: "team", resource: "t9" });
    expect(built.principal?.displayName).toBe("");
  });

  it("adds GrantExpandable, GrantMetadata and extra annotations, and survives the wire", () => {
    const built = grant(group, "member", resourceId("group", "g2"), {
      expandable: { entitlementIds: ["group:g2:member"], shallow: true, resourceTypeIds: ["user"] },
      metadata: { source: "sync", level: 2 },
      annotations: [
        create(GrantAlreadyExistsSchema),
        anyPack(GrantAlreadyExistsSchema, create(GrantAlreadyExistsSchema)),
      ],
    });
    const decoded = fromBinary(GrantSchema, toBinary(GrantSchema, built));
    expect(decoded.annotations.map((a) => a.typeUrl)).toEqual([
      "type.googleapis.com/c1.connector.v2.GrantExpandable",
      "type.googleapis.com/c1.connector.v2.GrantMetadata",
      "type.googleapis.com/c1.connector.v2.GrantAlreadyExists",
      "type.googleapis.com/c1.connector.v2.GrantAlreadyExists",
    ]);
    expect(findAnnotation(decoded.annotations, GrantExpandableSchema)).toMatchObject({
      entitlementIds: ["group:g2:member"],
      shallow: true,
      resourceTypeIds: ["user"],
    });
    expect(findAnnotation(decoded.annotations, GrantMetadataSchema)?.metadata).toEqual({
      source: "sync",
      level: 2,
    });
  });

  it.each([
    ["no expansion ids", { expandable: { entitlementIds: [] } }, /expandable.entitlementIds is empty/],
    ["a repeated expansion id", { expandable: { entitlementIds: ["a:b:c", "a:b:c"] } }, /lists an id twice/],
    [
      "an empty expansion id",
      { expandable: { entitlementIds: [""] } },
      /expandable.entitlementIds\[0\] is empty/,
    ],
  ])("rejects %s, naming the grant and the field", (_, options, message) => {
    const build = () => grant(group, "member", ada, options);
    expect(build).toThrow(ContractError);
    expect(build).toThrow(/grant\("group:g1:member:user:7"\)/);
    expect(build).toThrow(message);
  });

  it("rejects a principal without an id and an empty slug", () => {
    expect(() => grant(group, "member", create(ResourceSchema, {}))).toThrow(
      /grant\("group:g1:member"\): principal has no id/,
    );
    expect(() => grant(group, "", ada)).toThrow(/entitlementId: slug is empty/);
  });
});
