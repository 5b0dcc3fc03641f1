import {
  AppTrait_AppFlag,
  ChildResourceTypeSchema,
  create,
  type Message,
  ResourceSchema,
  timestampDate,
  UserTrait_AccountType,
  UserTrait_Status_Status,
  UserTraitSchema,
} from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { ContractError } from "../errors.js";
import { findAnnotation } from "./annotations.js";
import { resourceId } from "./ids.js";
import { appResource, groupResource, resource, roleResource, userResource } from "./resource.js";
import { resourceType } from "./resource-type.js";
import { appTraitOf, groupTraitOf, roleTraitOf, userTraitOf } from "./traits.js";

describe("resource", () => {
  it("builds id, parent, display name, description, external id and annotations", () => {
    const workspace = resourceId("workspace", "w1");
    const built = resource({
      type: "source",
      id: 12,
      displayName: "Website",
      description: "The marketing site",
      parent: workspace,
      externalId: { id: "src_12", link: "https://app.segment.com/w1/sources/12" },
      annotations: [create(ChildResourceTypeSchema, { resourceTypeId: "destination" })],
    });
    expect(built.$typeName).toBe("c1.connector.v2.Resource");
    expect(built.id).toMatchObject({ resourceType: "source", resource: "12" });
    expect(built.parentResourceId).toMatchObject({ resourceType: "workspace", resource: "w1" });
    expect(built).toMatchObject({ displayName: "Website", description: "The marketing site" });
    expect(built.externalId).toMatchObject({
      id: "src_12",
      link: "https://app.segment.com/w1/sources/12",
      description: "",
    });
    expect(findAnnotation(built.annotations, ChildResourceTypeSchema)?.resourceTypeId).toBe("destination");
  });

  it("accepts a ResourceType and rejects a resource missing the trait its type declares", () => {
    const userType = resourceType({ id: "user", displayName: "User", traits: ["user"] });
    const build = () => resource({ type: userType, id: "u1", displayName: "Ada" });
    expect(build).toThrow(ContractError);
    expect(build).toThrow(/resource user:u1: type user has the user trait; build it with userResource\(\)/);
    expect(userResource({ type: userType, id: "u1", displayName: "Ada", user: {} }).id?.resourceType).toBe(
      "user",
    );
  });

  it("cuts a description over Baton's 2048-byte limit at a character boundary", () => {
    const built = resource({ type: "t", id: "1", displayName: "x", description: "€".repeat(1000) });
    expect(Buffer.byteLength(built.description, "utf8")).toBe(2046);
    expect(built.description).toBe("€".repeat(682));
  });

  it("rejects an empty display name, a parent without an id and an unknown annotation message", () => {
    expect(() => resource({ type: "t", id: "1", displayName: "" })).toThrow(
      /resource t:1: displayName is empty/,
    );
    const emptyParent = { ...resourceId("p", "1"), resource: "" };
    expect(() => resource({ type: "t", id: "1", displayName: "x", parent: emptyParent })).toThrow(
      /resource t:1: parent: resource id is empty/,
    );
    // A message this sdk's registry does not know, as a connector might build with its own schema.
    const foreign = { $typeName: "acme.Thing" } as Message;
    expect(() => resource({ type: "t", id: "1", displayName: "x", annotations: [foreign] })).toThrow(
      /annotations\[0\]: acme.Thing is not a Baton message/,
    );
  });
});

describe("userResource", () => {
  it("fills Baton's defaults: status enabled, account type human", () => {
    const trait = userTraitOf(userResource({ type: "user", id: "u1", displayName: "Ada", user: {} }));
    expect(trait?.status?.status).toBe(UserTrait_Status_Status.ENABLED);
    expect(trait?.accountType).toBe(UserTrait_AccountType.HUMAN);
    expect(trait?.mfaStatus).toBeUndefined();
  });

  it("maps every option onto the UserTrait", () => {
    const built = userResource({
      type: "user",
      id: "u1",
      displayName: "Ada",
      user: {
        emails: ["ada@example.com", { address: "ada@work.example", primary: true }],
        login: "ada",
        loginAliases: ["lovelace"],
        status: "disabled",
        statusDetails: "invited",
        accountType: "service",
        profile: { team: "core", seats: 3, tags: ["a"] },
        createdAt: new Date("2024-01-01T00:00:00Z"),
        lastLogin: new Date("2024-06-01T12:00:00.250Z"),
        mfaEnabled: true,
        ssoEnabled: false,
      },
    });
    const trait = userTraitOf(built);
    expect(trait?.emails.map((e) => [e.address, e.isPrimary])).toEqual([
      ["ada@example.com", false],
      ["ada@work.example", true],
    ]);
    expect(trait).toMatchObject({
      login: "ada",
      loginAliases: ["lovelace"],
      accountType: UserTrait_AccountType.SERVICE,
    });
    expect(trait?.status).toMatchObject({ status: UserTrait_Status_Status.DISABLED, details: "invited" });
    expect(trait?.profile).toEqual({ team: "core", seats: 3, tags: ["a"] });
    expect(trait?.createdAt && timestampDate(trait.createdAt).toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(trait?.lastLogin && timestampDate(trait.lastLogin).toISOString()).toBe("2024-06-01T12:00:00.250Z");
    expect(trait?.mfaStatus?.mfaEnabled).toBe(true);
    expect(trait?.ssoStatus?.ssoEnabled).toBe(false);
    expect(built.annotations[0]?.typeUrl).toBe("type.googleapis.com/c1.connector.v2.UserTrait");
  });

  it.each([
    ["an empty email", { emails: [""] }, /user.emails\[0\] is empty/],
    [
      "two primary emails",
      {
        emails: [
          { address: "a@x", primary: true },
          { address: "b@x", primary: true },
        ],
      },
      /more than one email as primary/,
    ],
    [
      "an unknown status",
      { status: "active" },
      /user.status "active" is not one of enabled, disabled, deleted, unspecified/,
    ],
    [
      "an unknown account type",
      { accountType: "robot" },
      /user.accountType "robot" is not one of human, service, system/,
    ],
    ["an invalid date", { lastLogin: new Date("nope") }, /user.lastLogin must be a valid Date/],
    ["an empty login alias", { loginAliases: [""] }, /user.loginAliases\[0\] is empty/],
  ])("rejects %s, naming the field", (_, user, message) => {
    const build = () => userResource({ type: "user", id: "u1", displayName: "Ada", user: user as never });
    expect(build).toThrow(ContractError);
    expect(build).toThrow(message);
  });

  it("rejects a second UserTrait passed through annotations", () => {
    expect(() =>
      userResource({
        type: "user",
        id: "u1",
        displayName: "Ada",
        user: {},
        annotations: [create(UserTraitSchema, { login: "other" })],
      }),
    ).toThrow(/annotations carry UserTrait twice/);
  });
});

describe("group, role and app resources", () => {
  it("carry their trait with the profile", () => {
    expect(
      groupTraitOf(
        groupResource({ type: "group", id: "g", displayName: "G", group: { profile: { size: 2 } } }),
      )?.profile,
    ).toEqual({
      size: 2,
    });
    expect(roleTraitOf(roleResource({ type: "role", id: "r", displayName: "R" }))?.$typeName).toBe(
      "c1.connector.v2.RoleTrait",
    );
    const app = appTraitOf(
      appResource({
        type: "app",
        id: "a",
        displayName: "A",
        app: { helpUrl: "https://help.example", flags: ["saml", "hidden"], profile: { plan: "team" } },
      }),
    );
    expect(app).toMatchObject({ helpUrl: "https://help.example", profile: { plan: "team" } });
    expect(app?.flags).toEqual([AppTrait_AppFlag.SAML, AppTrait_AppFlag.HIDDEN]);
  });

  it("the trait readers return undefined for a resource without that trait", () => {
    const plain = create(ResourceSchema, { id: resourceId("t", "1") });
    expect([userTraitOf(plain), groupTraitOf(plain), roleTraitOf(plain), appTraitOf(plain)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("rejects a non-https help URL and an unknown app flag", () => {
    expect(() =>
      appResource({ type: "app", id: "a", displayName: "A", app: { helpUrl: "http://x" } }),
    ).toThrow(/app.helpUrl must start with https:\/\//);
    expect(() =>
      appResource({ type: "app", id: "a", displayName: "A", app: { flags: ["beta" as never] } }),
    ).toThrow(/app.flags\[0\] "beta" is not one of hidden, inactive, saml, oidc, bookmark/);
  });
});
