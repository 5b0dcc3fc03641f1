import {
  create,
  EntitlementSchema,
  ExternalIdSchema,
  type Resource,
  ResourceIdSchema,
  ResourceSchema,
  toBinary,
} from "@baton-ts/protocol";
import { MessageEncoder } from "@baton-ts/protocol/wire";
import { describe, expect, it } from "vitest";
import { assignmentEntitlement, groupResource, resource, userResource } from "../model/index.js";
import { resourceTypeMessage } from "./metadata.js";

const alice = userResource({
  type: "user",
  id: "alice",
  displayName: "Alice",
  description: "é".repeat(100),
  user: { emails: ["a@example.com"], profile: { scope: "site", roles: ["a", "b"] } },
  externalId: { id: "ext-1", link: "https://x", description: "d" },
});
const resources: Record<string, Resource> = {
  "a user built by the sdk (trait, external id)": alice,
  "a group with a parent, stored flags": {
    ...groupResource({
      type: "group",
      id: "g1",
      displayName: "Group ".repeat(50),
      parent: create(ResourceIdSchema, { resourceType: "org", resource: "o1", batonResource: true }),
    }),
    creationSource: 1,
    batonResource: true,
  },
  "a bare reference": create(ResourceSchema, {
    id: create(ResourceIdSchema, { resourceType: "site", resource: "s1" }),
  }),
  "empty fields": create(ResourceSchema),
  "an empty external id": create(ResourceSchema, { externalId: create(ExternalIdSchema) }),
  "a long description (multi-byte lengths)": resource({
    type: "app",
    id: "a",
    displayName: "App",
    description: "x".repeat(2000),
  }),
  "a status (through toBinary)": create(ResourceSchema, {
    id: create(ResourceIdSchema, { resourceType: "user", resource: "u" }),
    status: { status: 1, details: "on" },
  }),
  "unknown fields (through toBinary)": {
    ...alice,
    $unknown: [{ no: 99, wireType: 0, data: new Uint8Array([1]) }],
  },
};

describe("MessageEncoder", () => {
  const encoder = new MessageEncoder();
  for (const [name, message] of Object.entries(resources)) {
    it(`encodes a resource exactly as toBinary: ${name}`, () => {
      expect(Buffer.from(encoder.resource(message))).toEqual(Buffer.from(toBinary(ResourceSchema, message)));
    });
  }

  it("encodes entitlements exactly as toBinary, grantable-to types shared or not", () => {
    const userType = resourceTypeMessage({ id: "user", displayName: "User", traits: ["user"] } as never);
    const entitlements = [
      assignmentEntitlement(alice, "member", { grantableTo: ["user"], description: "members" }),
      { ...assignmentEntitlement(alice, "admin"), grantableTo: [userType, userType], purpose: 2 },
      { ...assignmentEntitlement(alice, "owner"), grantableTo: [userType] },
      create(EntitlementSchema, { id: "e" }),
      create(EntitlementSchema, { id: "e", resource: resources["a status (through toBinary)"] }),
    ];
    for (const entitlement of entitlements) {
      expect(Buffer.from(encoder.entitlement(entitlement))).toEqual(
        Buffer.from(toBinary(EntitlementSchema, entitlement)),
      );
    }
    encoder.clear();
  });
});
