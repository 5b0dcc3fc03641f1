import {
  create,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  GrantSources_GrantSourceSchema,
  GrantSourcesSchema,
  ResourceIdSchema,
  ResourceSchema,
  toBinary,
} from "@baton-ts/protocol";
import { GrantEncoder } from "@baton-ts/protocol/wire";
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

/** Rows as Baton stores grants: the denormalised columns and toBinary's bytes. */
const expectedRows = (grants: readonly Grant[]) =>
  grants.map((g) => ({
    externalId: g.id,
    resourceTypeId: g.entitlement?.resource?.id?.resourceType,
    resourceId: g.entitlement?.resource?.id?.resource,
    entitlementId: g.entitlement?.id,
    principalResourceTypeId: g.principal?.id?.resourceType,
    principalResourceId: g.principal?.id?.resource,
    data: Buffer.from(toBinary(GrantSchema, g)),
  }));

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

  it("fills Baton's denormalised columns, with toBinary's bytes", () => {
    const grants = ["alice", "bob"].map((id) => grant(group, "member", resourceId("user", id)));
    const buffer = new GrantRowBuffer();
    buffer.add(grants);
    const rows: object[] = [];
    buffer.drain((chunk) => {
      for (const row of chunk) rows.push({ ...row, data: Buffer.from(row.data) });
    });
    expect(rows).toEqual(expectedRows(grants));
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
      expect(drained).toEqual(expectedRows(grants));
      expect(buffer.length).toBe(0);
    }
  });
});
