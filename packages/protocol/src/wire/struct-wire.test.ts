import { describe, expect, it } from "vitest";
import {
  AppTraitSchema,
  create,
  GroupTraitSchema,
  type JsonObject,
  RoleTraitSchema,
  toBinary,
  UserTrait_AccountType,
  UserTraitSchema,
} from "../index.js";
import { encodeMessage } from "./struct-wire.js";

const profiles: Record<string, JsonObject> = {
  empty: {},
  scalars: {
    s: "text",
    empty: "",
    n: 42,
    neg: -1.5,
    zero: 0,
    big: 2 ** 60,
    t: true,
    f: false,
    nothing: null,
  },
  nested: {
    scope: "site",
    scopeRoles: [
      { id: "s1", roleId: "r1", roles: ["Admin", "Viewer"] },
      { id: "s2", roleId: null, roles: [] },
    ],
    deep: { a: { b: { c: [1, [2, [3, {}]]] } } },
  },
  "keys and text": { "": "empty key", "1": "numeric key first", é: "ünïcode ✓ 𝄞", long: "x".repeat(300) },
  "many keys (multi-byte lengths)": Object.fromEntries(
    Array.from({ length: 200 }, (_, i) => [`key${i}`, { i, text: `value ${i}` }]),
  ),
};

describe("encodeMessage (trait profiles without toBinary's Struct conversion)", () => {
  for (const [name, profile] of Object.entries(profiles)) {
    it(`encodes exactly as toBinary: a user trait with a ${name} profile`, () => {
      const trait = create(UserTraitSchema, {
        emails: [{ address: "a@example.com", isPrimary: true }],
        status: { status: 1, details: "ok" },
        profile,
        accountType: UserTrait_AccountType.HUMAN,
        login: "ada",
        loginAliases: ["a"],
      });
      expect(Buffer.from(encodeMessage(UserTraitSchema, trait))).toEqual(
        Buffer.from(toBinary(UserTraitSchema, trait)),
      );
    });
  }

  it("encodes exactly as toBinary: group, role and app traits, with and without a profile", () => {
    for (const trait of [
      create(GroupTraitSchema, { profile: profiles.nested }),
      create(GroupTraitSchema),
      create(RoleTraitSchema, { profile: profiles.scalars }),
      create(AppTraitSchema, { helpUrl: "https://help", profile: profiles["keys and text"], flags: [1, 2] }),
    ]) {
      const schema = [GroupTraitSchema, RoleTraitSchema, AppTraitSchema].find(
        (s) => s.typeName === trait.$typeName,
      );
      if (schema === undefined) throw new Error("unknown trait");
      expect(Buffer.from(encodeMessage(schema, trait as never))).toEqual(
        Buffer.from(toBinary(schema, trait as never)),
      );
    }
  });

  it("leaves values JSON cannot hold to toBinary", () => {
    const trait = create(UserTraitSchema, { profile: { inf: Number.POSITIVE_INFINITY } });
    expect(Buffer.from(encodeMessage(UserTraitSchema, trait))).toEqual(
      Buffer.from(toBinary(UserTraitSchema, trait)),
    );
  });
});
