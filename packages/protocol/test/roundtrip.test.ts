import { describe, expect, it } from "vitest";
import {
  AppTrait_AppFlag,
  AppTraitSchema,
  anyIs,
  anyPack,
  anyUnpack,
  Capability,
  ChildResourceTypeSchema,
  ConnectorCapabilitiesSchema,
  ConnectorMetadataSchema,
  create,
  Entitlement_PurposeValue,
  ExternalLinkSchema,
  equals,
  fromBinary,
  fromJson,
  GrantAlreadyExistsSchema,
  GrantAlreadyRevokedSchema,
  GrantExpandableSchema,
  GrantManagerServiceGrantResponseSchema,
  GrantManagerServiceRevokeRequestSchema,
  GrantMetadataSchema,
  GrantSchema,
  GroupTraitSchema,
  RateLimitDescriptionSchema,
  ResourceSchema,
  ResourceType_Trait,
  RoleTraitSchema,
  registry,
  SkipEntitlementsAndGrantsSchema,
  SkipEntitlementsSchema,
  SkipGrantsSchema,
  SyncDetailsSchema,
  toBinary,
  toJson,
  typeUrlOf,
  UserTraitSchema,
  V1IdentifierSchema,
} from "../src/index.js";

const fullGrant = () =>
  create(GrantSchema, {
    entitlement: {
      id: "group:g1:member",
      resource: { id: { resourceType: "group", resource: "g1" } },
      purpose: Entitlement_PurposeValue.ASSIGNMENT,
      slug: "member",
    },
    principal: {
      id: { resourceType: "user", resource: "u1" },
      annotations: [anyPack(UserTraitSchema, create(UserTraitSchema, { login: "ada" }))],
    },
    id: "group:g1:member:user:u1",
    annotations: [
      anyPack(
        GrantMetadataSchema,
        create(GrantMetadataSchema, {
          metadata: { role: "owner" },
        }),
      ),
    ],
    sources: { sources: { "group:g0:member": {} } },
  });

describe("round trips", () => {
  it("binary: a grant with nested annotations decodes to an equal message", () => {
    const grant = fullGrant();
    const decoded = fromBinary(GrantSchema, toBinary(GrantSchema, grant));
    expect(equals(GrantSchema, decoded, grant)).toBe(true);
    const [packed] = decoded.principal?.annotations ?? [];
    const trait = packed === undefined ? undefined : anyUnpack(packed, registry);
    expect(trait?.$typeName).toBe("c1.connector.v2.UserTrait");
  });

  it("JSON: Any annotations print with @type and parse back through the registry", () => {
    const grant = fullGrant();
    const json = toJson(GrantSchema, grant, { registry });
    expect(json).toMatchObject({
      id: "group:g1:member:user:u1",
      annotations: [
        { "@type": "type.googleapis.com/c1.connector.v2.GrantMetadata", metadata: { role: "owner" } },
      ],
      entitlement: { purpose: "PURPOSE_VALUE_ASSIGNMENT", slug: "member" },
    });
    expect(equals(GrantSchema, fromJson(GrantSchema, json, { registry }), grant)).toBe(true);
  });

  it("grant/revoke service messages carry grants and annotations", () => {
    const response = create(GrantManagerServiceGrantResponseSchema, {
      grants: [fullGrant()],
      annotations: [anyPack(GrantAlreadyExistsSchema, create(GrantAlreadyExistsSchema))],
    });
    const decoded = fromBinary(
      GrantManagerServiceGrantResponseSchema,
      toBinary(GrantManagerServiceGrantResponseSchema, response),
    );
    expect(decoded.grants[0]?.id).toBe("group:g1:member:user:u1");
    const [annotation] = decoded.annotations;
    expect(annotation !== undefined && anyIs(annotation, GrantAlreadyExistsSchema)).toBe(true);

    const revoke = create(GrantManagerServiceRevokeRequestSchema, { grant: fullGrant() });
    const revokeJson = toJson(GrantManagerServiceRevokeRequestSchema, revoke, { registry });
    expect(
      equals(
        GrantManagerServiceRevokeRequestSchema,
        fromJson(GrantManagerServiceRevokeRequestSchema, revokeJson, { registry }),
        revoke,
      ),
    ).toBe(true);
  });
});

describe("names and numbers Baton relies on", () => {
  it("every annotation has Baton's full message name in its type URL", () => {
    const expected: Array<[Parameters<typeof typeUrlOf>[0], string]> = [
      [UserTraitSchema, "c1.connector.v2.UserTrait"],
      [GroupTraitSchema, "c1.connector.v2.GroupTrait"],
      [RoleTraitSchema, "c1.connector.v2.RoleTrait"],
      [AppTraitSchema, "c1.connector.v2.AppTrait"],
      [ChildResourceTypeSchema, "c1.connector.v2.ChildResourceType"],
      [SkipEntitlementsAndGrantsSchema, "c1.connector.v2.SkipEntitlementsAndGrants"],
      [SkipGrantsSchema, "c1.connector.v2.SkipGrants"],
      [SkipEntitlementsSchema, "c1.connector.v2.SkipEntitlements"],
      [GrantExpandableSchema, "c1.connector.v2.GrantExpandable"],
      [GrantMetadataSchema, "c1.connector.v2.GrantMetadata"],
      [GrantAlreadyExistsSchema, "c1.connector.v2.GrantAlreadyExists"],
      [GrantAlreadyRevokedSchema, "c1.connector.v2.GrantAlreadyRevoked"],
      [ExternalLinkSchema, "c1.connector.v2.ExternalLink"],
      [RateLimitDescriptionSchema, "c1.connector.v2.RateLimitDescription"],
      [V1IdentifierSchema, "c1.connector.v2.V1Identifier"],
      [SyncDetailsSchema, "c1.c1z.v1.SyncDetails"],
    ];
    for (const [schema, name] of expected) {
      expect(typeUrlOf(schema)).toBe(`type.googleapis.com/${name}`);
      expect(registry.getMessage(name)).toBe(schema);
      expect(anyPack(schema, create(schema)).typeUrl).toBe(typeUrlOf(schema));
    }
  });

  it("enum numbers match Baton's", () => {
    expect([
      ResourceType_Trait.USER,
      ResourceType_Trait.GROUP,
      ResourceType_Trait.ROLE,
      ResourceType_Trait.APP,
    ]).toEqual([1, 2, 3, 4]);
    expect([Capability.PROVISION, Capability.SYNC]).toEqual([1, 2]);
    expect([AppTrait_AppFlag.HIDDEN, AppTrait_AppFlag.BOOKMARK]).toEqual([1, 5]);
    expect(Entitlement_PurposeValue.PERMISSION).toBe(2);
  });

  it("ConnectorCapabilities prints the protojson shape Baton's `capabilities` command prints", () => {
    const capabilities = create(ConnectorCapabilitiesSchema, {
      resourceTypeCapabilities: [
        {
          resourceType: { id: "group", displayName: "Group", traits: [ResourceType_Trait.GROUP] },
          capabilities: [Capability.PROVISION, Capability.SYNC],
        },
        {
          resourceType: { id: "user", displayName: "User", traits: [ResourceType_Trait.USER] },
          capabilities: [Capability.SYNC],
        },
      ],
      connectorCapabilities: [Capability.PROVISION, Capability.SYNC],
    });
    expect(toJson(ConnectorCapabilitiesSchema, capabilities, { registry })).toEqual({
      resourceTypeCapabilities: [
        {
          resourceType: { id: "group", displayName: "Group", traits: ["TRAIT_GROUP"] },
          capabilities: ["CAPABILITY_PROVISION", "CAPABILITY_SYNC"],
        },
        {
          resourceType: { id: "user", displayName: "User", traits: ["TRAIT_USER"] },
          capabilities: ["CAPABILITY_SYNC"],
        },
      ],
      connectorCapabilities: ["CAPABILITY_PROVISION", "CAPABILITY_SYNC"],
    });
    const metadata = create(ConnectorMetadataSchema, { displayName: "Segment", capabilities });
    expect(toJson(ConnectorMetadataSchema, metadata, { registry })).toMatchObject({
      displayName: "Segment",
      capabilities: { connectorCapabilities: ["CAPABILITY_PROVISION", "CAPABILITY_SYNC"] },
    });
  });

  it("rejects JSON naming an annotation type the registry does not know, with the type name", () => {
    expect(() =>
      fromJson(
        ResourceSchema,
        { annotations: [{ "@type": "type.googleapis.com/c1.connector.v2.NoSuchThing" }] },
        { registry },
      ),
    ).toThrow(/NoSuchThing/);
  });
});
