import { create, Entitlement_PurposeValue, ExternalLinkSchema, ResourceTypeSchema } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { ContractError } from "../errors.js";
import { findAnnotation } from "./annotations.js";
import { assignmentEntitlement, permissionEntitlement } from "./entitlement.js";
import { groupResource } from "./resource.js";

const group = groupResource({ type: "group", id: "g1", displayName: "Admins" });

describe("entitlements", () => {
  it("assignmentEntitlement follows Baton's NewAssignmentEntitlement", () => {
    const entitlement = assignmentEntitlement(group, "member");
    expect(entitlement.$typeName).toBe("c1.connector.v2.Entitlement");
    expect(entitlement).toMatchObject({
      id: "group:g1:member",
      displayName: "member",
      slug: "member",
      purpose: Entitlement_PurposeValue.ASSIGNMENT,
      description: "",
    });
    expect(entitlement.resource).toBe(group);
  });

  it("permissionEntitlement has purpose PERMISSION and takes every option", () => {
    const userType = create(ResourceTypeSchema, { id: "user", displayName: "User" });
    const entitlement = permissionEntitlement(group, "admin", {
      displayName: "Admins admin",
      description: "Can manage the group",
      grantableTo: [userType, "service-account"],
      annotations: [create(ExternalLinkSchema, { url: "https://example.com/g1" })],
    });
    expect(entitlement).toMatchObject({
      id: "group:g1:admin",
      displayName: "Admins admin",
      description: "Can manage the group",
      purpose: Entitlement_PurposeValue.PERMISSION,
    });
    expect(entitlement.grantableTo.map((t) => t.id)).toEqual(["user", "service-account"]);
    expect(entitlement.grantableTo[0]).toBe(userType);
    expect(entitlement.grantableTo[1]?.$typeName).toBe("c1.connector.v2.ResourceType");
    expect(findAnnotation(entitlement.annotations, ExternalLinkSchema)?.url).toBe("https://example.com/g1");
  });

  it("rejects an empty slug, an empty grantable type and a resource without an id", () => {
    expect(() => assignmentEntitlement(group, "")).toThrow(ContractError);
    expect(() => assignmentEntitlement(group, "")).toThrow(/entitlementId: slug is empty/);
    expect(() => assignmentEntitlement(group, "member", { grantableTo: [""] })).toThrow(
      /assignmentEntitlement\("group:g1:member"\): grantableTo\[0\] is empty/,
    );
    expect(() => permissionEntitlement({ ...group, id: undefined }, "admin")).toThrow(
      /permissionEntitlement: resource has no id/,
    );
  });
});
