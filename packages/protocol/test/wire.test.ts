import { describe, expect, it } from "vitest";
import {
  anyPack,
  ChildResourceTypeSchema,
  create,
  Entitlement_PurposeValue,
  EntitlementSchema,
  GrantExpandableSchema,
  GrantMetadataSchema,
  GrantSchema,
  Resource_CreationSource,
  ResourceSchema,
  ResourceType_Trait,
  ResourceTypeSchema,
  Status_ResourceStatus,
  timestampFromDate,
  toBinary,
  UserTrait_AccountType,
  UserTrait_Status_Status,
  UserTraitSchema,
} from "../src/index.js";
import { all, numbers, only, packed, readFields, sub, text, varint } from "./wire-reader.js";

const userId = { resourceType: "user", resource: "u1" };
const groupId = { resourceType: "group", resource: "g1" };

describe("Grant on the wire", () => {
  const grant = create(GrantSchema, {
    entitlement: { id: "group:g1:member", resource: { id: groupId } },
    principal: { id: userId },
    id: "group:g1:member:user:u1",
    annotations: [
      anyPack(GrantExpandableSchema, create(GrantExpandableSchema, { entitlementIds: ["group:g2:member"] })),
      anyPack(ChildResourceTypeSchema, create(ChildResourceTypeSchema, { resourceTypeId: "team" })),
    ],
    sources: { sources: { "group:g2:member": { isDirect: true } } },
  });
  const fields = readFields(toBinary(GrantSchema, grant));

  it("puts entitlement=1, principal=2, id=3, annotations=4, sources=5 in field order", () => {
    expect(numbers(fields)).toEqual([1, 2, 3, 4, 4, 5]);
  });

  it("nests the entitlement stub as Entitlement{resource=1{id=1{type=1,id=2}}, id=2}", () => {
    const entitlement = sub(only(fields, 1));
    expect(numbers(entitlement)).toEqual([1, 2]);
    expect(text(only(entitlement, 2))).toBe("group:g1:member");
    const resourceId = sub(only(sub(only(entitlement, 1)), 1));
    expect(text(only(resourceId, 1))).toBe("group");
    expect(text(only(resourceId, 2))).toBe("g1");
  });

  it("wraps the principal as Resource{id=1}", () => {
    const principalId = sub(only(sub(only(fields, 2)), 1));
    expect(text(only(principalId, 1))).toBe("user");
    expect(text(only(principalId, 2))).toBe("u1");
  });

  it("writes the id as a string on field 3", () => {
    expect(text(only(fields, 3))).toBe("group:g1:member:user:u1");
  });

  it("encodes each annotation as Any{type_url=1, value=2} with Baton's exact type URLs", () => {
    const [expandable, child] = all(fields, 4).map(sub);
    expect(text(only(expandable ?? [], 1))).toBe("type.googleapis.com/c1.connector.v2.GrantExpandable");
    expect(text(only(child ?? [], 1))).toBe("type.googleapis.com/c1.connector.v2.ChildResourceType");
    const expandableValue = sub(only(expandable ?? [], 2));
    expect(text(only(expandableValue, 1))).toBe("group:g2:member");
    const childValue = sub(only(child ?? [], 2));
    expect(text(only(childValue, 1))).toBe("team");
  });

  it("encodes sources as map<string, GrantSource> on field 1 of GrantSources", () => {
    const entry = sub(only(sub(only(fields, 5)), 1));
    expect(text(only(entry, 1))).toBe("group:g2:member");
    expect(varint(only(sub(only(entry, 2)), 1))).toBe(1n);
  });
});

describe("UserTrait on the wire", () => {
  const trait = create(UserTraitSchema, {
    emails: [{ address: "ada@example.com", isPrimary: true }],
    status: { status: UserTrait_Status_Status.DISABLED, details: "locked" },
    profile: { team: "core" },
    accountType: UserTrait_AccountType.SERVICE,
    login: "ada",
    loginAliases: ["a.lovelace"],
    createdAt: timestampFromDate(new Date("2024-01-02T03:04:05Z")),
    lastLogin: timestampFromDate(new Date("2024-05-06T07:08:09Z")),
    mfaStatus: { mfaEnabled: true },
    ssoStatus: { ssoEnabled: true },
    structuredName: { givenName: "Ada", familyName: "Lovelace" },
    employeeIds: ["E-1"],
  });
  const fields = readFields(toBinary(UserTraitSchema, trait));

  it("uses Baton's field numbers 1..13", () => {
    expect(numbers(fields)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it("emails=1 as Email{address=1, is_primary=2}", () => {
    const email = sub(only(fields, 1));
    expect(text(only(email, 1))).toBe("ada@example.com");
    expect(varint(only(email, 2))).toBe(1n);
  });

  it("status=2 as Status{status=1 (DISABLED=2), details=2}", () => {
    const status = sub(only(fields, 2));
    expect(varint(only(status, 1))).toBe(2n);
    expect(text(only(status, 2))).toBe("locked");
  });

  it("account_type=5 (SERVICE=2), login=6, login_aliases=7", () => {
    expect(varint(only(fields, 5))).toBe(2n);
    expect(text(only(fields, 6))).toBe("ada");
    expect(text(only(fields, 7))).toBe("a.lovelace");
  });

  it("created_at=8 and last_login=9 as Timestamp{seconds=1}", () => {
    expect(varint(only(sub(only(fields, 8)), 1))).toBe(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000));
    expect(varint(only(sub(only(fields, 9)), 1))).toBe(BigInt(Date.UTC(2024, 4, 6, 7, 8, 9) / 1000));
  });

  it("mfa_status=10{mfa_enabled=1}, sso_status=11{sso_enabled=1}, structured_name=12", () => {
    expect(varint(only(sub(only(fields, 10)), 1))).toBe(1n);
    expect(varint(only(sub(only(fields, 11)), 1))).toBe(1n);
    const name = sub(only(fields, 12));
    expect(text(only(name, 1))).toBe("Ada");
    expect(text(only(name, 2))).toBe("Lovelace");
  });
});

describe("Entitlement on the wire", () => {
  const entitlement = create(EntitlementSchema, {
    resource: { id: groupId, displayName: "Admins" },
    id: "group:g1:member",
    displayName: "Admins member",
    description: "Members of Admins",
    grantableTo: [{ id: "user" }],
    annotations: [anyPack(GrantMetadataSchema, create(GrantMetadataSchema, {}))],
    purpose: Entitlement_PurposeValue.PERMISSION,
    slug: "member",
  });
  const fields = readFields(toBinary(EntitlementSchema, entitlement));

  it("resource=1, id=2, display_name=3, description=4, grantable_to=5, annotations=6, purpose=7, slug=8", () => {
    expect(numbers(fields)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(text(only(fields, 2))).toBe("group:g1:member");
    expect(text(only(fields, 3))).toBe("Admins member");
    expect(text(only(fields, 4))).toBe("Members of Admins");
    expect(text(only(sub(only(fields, 5)), 1))).toBe("user");
    expect(varint(only(fields, 7))).toBe(2n);
    expect(text(only(fields, 8))).toBe("member");
  });
});

describe("ResourceType on the wire", () => {
  it("id=1, display_name=2, traits=3 packed, description=5, sourced_externally=6", () => {
    const fields = readFields(
      toBinary(
        ResourceTypeSchema,
        create(ResourceTypeSchema, {
          id: "user",
          displayName: "User",
          traits: [ResourceType_Trait.USER, ResourceType_Trait.APP],
          description: "People",
          sourcedExternally: true,
        }),
      ),
    );
    expect(numbers(fields)).toEqual([1, 2, 3, 5, 6]);
    expect(packed(only(fields, 3))).toEqual([1n, 4n]);
    expect(text(only(fields, 5))).toBe("People");
    expect(varint(only(fields, 6))).toBe(1n);
  });
});

describe("Resource on the wire", () => {
  it("keeps old fields 1..8 and the newer 9..12 on their numbers", () => {
    const fields = readFields(
      toBinary(
        ResourceSchema,
        create(ResourceSchema, {
          id: userId,
          parentResourceId: groupId,
          displayName: "Ada",
          description: "d",
          batonResource: true,
          externalId: { id: "x1", link: "https://example.com/x1", description: "ext" },
          creationSource: Resource_CreationSource.CONNECTOR_LIST_RESOURCES,
          profile: { tier: "gold" },
          icon: { id: "asset-1" },
          status: { status: Status_ResourceStatus.ENABLED },
          createdAt: timestampFromDate(new Date(0)),
        }),
      ),
    );
    expect(numbers(fields)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(text(only(sub(only(fields, 2)), 2))).toBe("g1");
    const external = sub(only(fields, 7));
    expect([text(only(external, 1)), text(only(external, 2)), text(only(external, 3))]).toEqual([
      "x1",
      "https://example.com/x1",
      "ext",
    ]);
    expect(varint(only(fields, 8))).toBe(1n);
    expect(text(only(sub(only(fields, 10)), 1))).toBe("asset-1");
    expect(varint(only(sub(only(fields, 11)), 1))).toBe(1n);
  });
});
