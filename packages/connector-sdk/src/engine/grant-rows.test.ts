import { GrantEncoder } from "@baton-ts/c1z";
import {
  create,
  EntitlementSchema,
  GrantSchema,
  GrantSources_GrantSourceSchema,
  GrantSourcesSchema,
  ResourceIdSchema,
  ResourceSchema,
  toBinary,
} from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import { assignmentEntitlement, grant, groupResource, resourceId, userResource } from "../model/index.js";
import { GrantRowBuffer } from "./grant-rows.js";

const group = groupResource({ type: "group", id: "g1", displayName: "Group 1", description: "first" });
const alice = userResource({
  type: "user",
  id: "alice",
  displayName: "Alice",
  user: { emails: ["a@example.com"] },
});

describe("GrantEncoder", () => {
  const cases = {
    "a builder grant (entitlement stub with the full resource)": grant(
      group,
      "member",
      resourceId("user", "alice"),
    ),
    "a full principal and annotations": grant(group, "member", alice, {
      expandable: { entitlementIds: ["group:g2:member"], shallow: true, resourceTypeIds: ["user"] },
      metadata: { source: "api", level: 3 },
    }),
    "a full entitlement and sources (an expanded grant)": create(GrantSchema, {
      id: "group:g1:member:user:alice",
      entitlement: assignmentEntitlement(group, "member", { grantableTo: ["user"], description: "members" }),
      principal: alice,
      sources: create(GrantSourcesSchema, {
        sources: {
          "group:g2:member": create(GrantSources_GrantSourceSchema),
          "group:g1:member": create(GrantSources_GrantSourceSchema),
        },
      }),
    }),
    "a bare Resource{id} as the entitlement's resource (a connector's reference)": grant(
      create(ResourceSchema, { id: create(ResourceIdSchema, { resourceType: "site", resource: "s1" }) }),
      "admin",
      resourceId("user", "alice"),
    ),
    "empty fields": create(GrantSchema, { id: "x", entitlement: create(EntitlementSchema, { id: "e" }) }),
    "long and non-ASCII values (multi-byte lengths)": grant(
      groupResource({
        type: "group",
        id: "g-é",
        displayName: "Ünïcode ".repeat(40),
        description: "x".repeat(20_000),
      }),
      "member",
      create(ResourceSchema, {
        id: create(ResourceIdSchema, { resourceType: "user", resource: "ß".repeat(90), batonResource: true }),
      }),
    ),
    "unknown fields": {
      ...grant(group, "member", alice),
      $unknown: [{ no: 99, wireType: 0, data: new Uint8Array([1]) }],
    },
  };
  for (const [name, message] of Object.entries(cases)) {
    it(`encodes exactly as toBinary: ${name}`, () => {
      expect(Buffer.from(new GrantEncoder({ reuseSubMessages: true }).grant(message))).toEqual(
        Buffer.from(toBinary(GrantSchema, message)),
      );
    });
  }

  it("fills Baton's denormalised columns and reuses one resource's bytes across a batch", () => {
    const grants = ["alice", "bob"].map((id) => grant(group, "member", resourceId("user", id)));
    const rows = new GrantEncoder({ reuseSubMessages: true }).rows(grants);
    expect(rows.map(({ data: _data, ...columns }) => columns)).toEqual([
      {
        externalId: "group:g1:member:user:alice",
        resourceTypeId: "group",
        resourceId: "g1",
        entitlementId: "group:g1:member",
        principalResourceTypeId: "user",
        principalResourceId: "alice",
      },
      {
        externalId: "group:g1:member:user:bob",
        resourceTypeId: "group",
        resourceId: "g1",
        entitlementId: "group:g1:member",
        principalResourceTypeId: "user",
        principalResourceId: "bob",
      },
    ]);
    expect(rows.map((row) => Buffer.from(row.data))).toEqual(
      grants.map((g) => Buffer.from(toBinary(GrantSchema, g))),
    );
  });

  it("buffers rows compactly and hands back the same rows, batch after batch", () => {
    const buffer = new GrantRowBuffer();
    for (const batch of [["alice", "bob"], ["ß-carol"]]) {
      const grants = batch.map((id) => grant(group, "member", resourceId("user", id)));
      buffer.add(grants.slice(0, 1));
      buffer.add(grants.slice(1));
      expect(buffer.length).toBe(batch.length);
      const drained: object[] = [];
      buffer.drain((rows) => {
        for (const row of rows) drained.push({ ...row, data: Buffer.from(row.data) });
      }, 1);
      const expected = new GrantEncoder({ reuseSubMessages: true })
        .rows(grants)
        .map((row) => ({ ...row, data: Buffer.from(row.data) }));
      expect(drained).toEqual(expected);
      expect(buffer.length).toBe(0);
    }
  });
});
