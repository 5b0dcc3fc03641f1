import { create, ResourceSchema } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { ContractError } from "../errors.js";
import { entitlementId, grantId, resourceId, resourceKey } from "./ids.js";

describe("resourceId", () => {
  it("keeps string ids and writes numbers and bigints in decimal, as Baton's NewResourceID", () => {
    expect(resourceId("user", "abc")).toMatchObject({ resourceType: "user", resource: "abc" });
    expect(resourceId("user", 42).resource).toBe("42");
    expect(resourceId("user", -7).resource).toBe("-7");
    expect(resourceId("user", 12345678901234567890n).resource).toBe("12345678901234567890");
    expect(resourceId("user", "x").$typeName).toBe("c1.connector.v2.ResourceId");
  });

  it.each([
    ["empty type", () => resourceId("", "1"), /resourceId: type is empty/],
    ["empty id", () => resourceId("user", ""), /resourceId\("user"\): id is empty/],
    ["NaN", () => resourceId("user", Number.NaN), /id must be finite, got NaN/],
    ["Infinity", () => resourceId("user", Number.POSITIVE_INFINITY), /must be finite/],
    ["a fraction", () => resourceId("user", 1.5), /must be an integer, got 1.5/],
    ["an unsafe integer", () => resourceId("user", 2 ** 60), /pass it as a string or bigint/],
    [
      "an id over 1024 bytes",
      () => resourceId("user", "é".repeat(513)),
      /1026 bytes long; Baton allows at most 1024/,
    ],
  ])("rejects %s with a ContractError naming the field", (_, build, message) => {
    expect(build).toThrow(ContractError);
    expect(build).toThrow(message);
  });
});

describe("id strings", () => {
  const team = resourceId("team", 7);
  const user = resourceId("user", "u-1");

  it("resourceKey is <type>:<id>", () => {
    expect(resourceKey(team)).toBe("team:7");
  });

  it("entitlementId is <type>:<id>:<slug> for a resource or its id", () => {
    expect(entitlementId(team, "member")).toBe("team:7:member");
    expect(entitlementId(create(ResourceSchema, { id: team }), "admin")).toBe("team:7:admin");
  });

  it("grantId is <entitlement id>:<principal type>:<principal id>", () => {
    expect(grantId("team:7:member", user)).toBe("team:7:member:user:u-1");
  });

  it("rejects an empty slug, a resource without an id and an empty entitlement id", () => {
    expect(() => entitlementId(team, "")).toThrow(/entitlementId: slug is empty/);
    expect(() => entitlementId(create(ResourceSchema, {}), "member")).toThrow(
      /entitlementId: resource has no id/,
    );
    expect(() => grantId("", user)).toThrow(/grantId: entitlementId is empty/);
  });
});
