import { create, EntitlementSchema, GrantSchema, ResourceIdSchema, ResourceSchema } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import {
  bareResourceMessage,
  entitlementStubMessage,
  grantMessage,
  LITERALS_MATCH_PROTOCOL,
  resourceIdMessage,
} from "./messages.js";

describe("message literals", () => {
  it("match the generated messages, so the fast builders are in use", () => {
    expect(LITERALS_MATCH_PROTOCOL).toBe(true);
  });

  it("equal create()'s output exactly, with fresh arrays per message", () => {
    const id = resourceIdMessage("user", "u1");
    expect(id).toStrictEqual(create(ResourceIdSchema, { resourceType: "user", resource: "u1" }));
    const principal = bareResourceMessage(id);
    expect(principal).toStrictEqual(create(ResourceSchema, { id }));
    const group = bareResourceMessage(resourceIdMessage("group", "g1"));
    const entitlement = entitlementStubMessage("group:g1:member", group);
    expect(entitlement).toStrictEqual(create(EntitlementSchema, { id: "group:g1:member", resource: group }));
    const built = grantMessage(entitlement, principal, "group:g1:member:user:u1", []);
    expect(built).toStrictEqual(
      create(GrantSchema, { entitlement, principal, id: "group:g1:member:user:u1", annotations: [] }),
    );
    expect(bareResourceMessage(id).annotations).not.toBe(principal.annotations);
    expect(entitlementStubMessage("x:y:z", group).grantableTo).not.toBe(entitlement.grantableTo);
  });
});
