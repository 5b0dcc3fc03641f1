import { describe, expect, it } from "vitest";
import {
  AnySchema,
  create,
  type Entitlement_PurposeValue,
  EntitlementSchema,
  type Grant,
  GrantExpandableSchema,
  GrantSchema,
  GrantSources_GrantSourceSchema,
  GrantSourcesSchema,
  type MessageInitShape,
  type Resource,
  ResourceIdSchema,
  ResourceSchema,
  ResourceTypeSchema,
  TimestampSchema,
  toBinary,
} from "../index.js";
import { GrantEncoder } from "./grant-encoder.js";
import { fastEncoderEnabled, isPlainResource, MessageEncoder } from "./message-encoder.js";

// C1zFile.put*'s encoder (sub-messages written in place) and the sdk engine's (reused per batch).
const encoder = new GrantEncoder();
const reusing = new GrantEncoder({ reuseSubMessages: true });
const messages = new MessageEncoder();
const copy = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Uint8Array.from(bytes));

/** The bytes `encode` wrote into its buffer (copied), or undefined if it gave the grant to toBinary. */
const fastGrantOf = (grantEncoder: GrantEncoder, grant: Grant): Uint8Array | undefined => {
  if (grantEncoder.encode(grant) !== undefined) return undefined;
  const bytes = Buffer.alloc(grantEncoder.encodedLength(undefined));
  grantEncoder.copyEncoded(undefined, bytes, 0);
  grantEncoder.clear();
  return Uint8Array.from(bytes);
};

/** The fast path's bytes (copied: the encoders reuse their buffer), or undefined if it declined. */
const fast = {
  grant: (grant: Grant) => fastGrantOf(encoder, grant),
  reusingGrant: (grant: Grant) => fastGrantOf(reusing, grant),
  resource: (resource: Resource) =>
    isPlainResource(resource) ? copy(messages.resourceView(resource)) : undefined,
};

const annotation = (resource: string) =>
  create(AnySchema, {
    typeUrl: "type.googleapis.com/c1.connector.v2.GrantExpandable",
    value: toBinary(GrantExpandableSchema, create(GrantExpandableSchema, { entitlementIds: [resource] })),
  });

const groupResource = (id: string, extra: MessageInitShape<typeof ResourceSchema> = {}): Resource => {
  const resource = create(ResourceSchema, extra);
  resource.id = create(ResourceIdSchema, { resourceType: "group", resource: id });
  return resource;
};

function benchGrant(group: number, user: number): Grant {
  const entitlementId = `group:g${group}:member`;
  return create(GrantSchema, {
    id: `${entitlementId}:user:u${user}`,
    entitlement: { id: entitlementId, resource: { id: { resourceType: "group", resource: `g${group}` } } },
    principal: { id: { resourceType: "user", resource: `u${user}` } },
  });
}

describe("GrantEncoder and MessageEncoder (byte for byte against toBinary)", () => {
  it("is active for the current schemas", () => {
    expect(fastEncoderEnabled()).toBe(true);
  });

  it("writes toBinary's bytes for the grants a sync writes", () => {
    for (const grant of [benchGrant(0, 1), benchGrant(1234, 98_765), create(GrantSchema, {})]) {
      expect(fast.grant(grant)).toEqual(toBinary(GrantSchema, grant));
      expect(fast.reusingGrant(grant)).toEqual(toBinary(GrantSchema, grant));
    }
  });

  it("writes toBinary's bytes for every field it handles", () => {
    const fullResource = groupResource("g1", {
      parentResourceId: { resourceType: "org", resource: "o1", batonResource: true },
      displayName: "Engineering ✓",
      annotations: [annotation("a"), create(AnySchema, { typeUrl: "type.googleapis.com/x.Empty" })],
      description: "Ünïcödé, emoji 🙂 and a lone surrogate \ud800 end",
      batonResource: true,
      externalId: { id: "ext-1", link: "https://example.test/g1", description: "external" },
      creationSource: 2,
    });
    const grant = create(GrantSchema, {
      id: "group:g1:member:user:u1",
      entitlement: create(EntitlementSchema, {
        resource: fullResource,
        id: "group:g1:member",
        displayName: "Member",
        description: "x".repeat(300),
        annotations: [annotation("group:g2:member")],
        purpose: 1,
        slug: "member",
      }),
      principal: groupResource("u1", { displayName: "a".repeat(42) }),
      annotations: [annotation("one"), annotation("two")],
    });
    expect(fast.grant(grant)).toEqual(toBinary(GrantSchema, grant));
    expect(fast.reusingGrant(grant)).toEqual(toBinary(GrantSchema, grant));
    expect(fast.resource(fullResource)).toEqual(toBinary(ResourceSchema, fullResource));
  });

  it("gets lengths right at every varint boundary (strings and nested messages)", () => {
    for (const length of [0, 1, 12, 13, 41, 42, 43, 127, 128, 129, 16_383, 16_384, 70_000]) {
      for (const text of ["a".repeat(length), "é".repeat(length), "🙂".repeat(Math.ceil(length / 2))]) {
        // In a nested message (entitlement.resource.displayName) so parent lengths cross the boundaries too.
        const grant = create(GrantSchema, {
          id: text,
          entitlement: { id: "e", resource: groupResource("g", { displayName: text, description: text }) },
        });
        expect(fast.grant(grant), `${length} × ${text.slice(0, 1)}`).toEqual(toBinary(GrantSchema, grant));
        expect(fast.reusingGrant(grant), `${length} × ${text.slice(0, 1)}`).toEqual(
          toBinary(GrantSchema, grant),
        );
      }
    }
  });

  it("matches toBinary on randomly built messages", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const text = () => pick(["", "a", "user", "ü", "日本語", "🙂", "x".repeat(50), "y".repeat(200)]);
    const maybe = <T>(make: () => T): T | undefined => (random() < 0.5 ? make() : undefined);
    const resourceId = () => ({ resourceType: text(), resource: text(), batonResource: random() < 0.2 });
    const resource = () =>
      create(ResourceSchema, {
        id: maybe(resourceId),
        parentResourceId: maybe(resourceId),
        displayName: text(),
        description: text(),
        annotations: random() < 0.3 ? [annotation(text())] : [],
        batonResource: random() < 0.2,
        externalId: maybe(() => ({ id: text(), link: text(), description: text() })),
        creationSource: pick([0, 1, 2]),
      });
    for (let round = 0; round < 500; round++) {
      const grant = create(GrantSchema, {
        id: text(),
        entitlement: maybe(() =>
          create(EntitlementSchema, {
            resource: maybe(resource),
            id: text(),
            displayName: text(),
            description: text(),
            annotations: random() < 0.3 ? [annotation(text())] : [],
            purpose: pick([0, 1, 2, 3]),
            slug: text(),
          }),
        ),
        principal: maybe(resource),
        annotations: random() < 0.3 ? [annotation(text()), annotation(text())] : [],
      });
      expect(fast.grant(grant)).toEqual(toBinary(GrantSchema, grant));
      expect(fast.reusingGrant(grant)).toEqual(toBinary(GrantSchema, grant));
    }
  });

  it("leaves what it does not handle to toBinary, and the result is still toBinary's", () => {
    // Unknown fields on the grant itself: the whole grant goes through toBinary.
    const withUnknown = benchGrant(1, 2);
    withUnknown.$unknown = [{ no: 99, wireType: 2, data: new Uint8Array([3, 1, 2, 3]) }];
    expect(encoder.encode(withUnknown)).toEqual(toBinary(GrantSchema, withUnknown));
    expect(copy(encoder.view(withUnknown))).toEqual(toBinary(GrantSchema, withUnknown));

    // Anything else it cannot write is one sub-message (or the sources map): only that part goes
    // through toBinary, spliced in at its place, and the grant still takes the fast path.
    const nestedUnknown = benchGrant(1, 2);
    if (nestedUnknown.principal)
      nestedUnknown.principal.$unknown = [{ no: 50, wireType: 0, data: new Uint8Array([1]) }];
    const withSources = benchGrant(1, 2);
    withSources.sources = create(GrantSourcesSchema, {
      sources: { "group:g9:member": create(GrantSources_GrantSourceSchema, { isDirect: true }) },
    });
    const partlyToBinary: Grant[] = [
      nestedUnknown,
      withSources,
      create(GrantSchema, {
        id: "g",
        entitlement: { id: "e", grantableTo: [create(ResourceTypeSchema, { id: "user" })] },
      }),
      create(GrantSchema, {
        id: "g",
        principal: groupResource("u", { createdAt: create(TimestampSchema, { seconds: 5n }) }),
      }),
      create(GrantSchema, { id: "g", principal: groupResource("u", { profile: { name: "x" } }) }),
      create(GrantSchema, {
        id: "g",
        principal: groupResource("u", { status: { status: 1, details: "ok" } }),
      }),
      // An enum value outside the declared ones (open enums allow it); negative needs a 10-byte varint.
      create(GrantSchema, { id: "g", entitlement: { id: "e", purpose: -1 as Entitlement_PurposeValue } }),
    ];
    for (const grant of partlyToBinary) {
      expect(fast.grant(grant)).toEqual(toBinary(GrantSchema, grant));
      expect(fast.reusingGrant(grant)).toEqual(toBinary(GrantSchema, grant));
      expect(copy(encoder.view(grant))).toEqual(toBinary(GrantSchema, grant));
    }
    for (const resource of [nestedUnknown.principal as Resource, groupResource("u", { profile: { a: 1 } })]) {
      expect(fast.resource(resource)).toBeUndefined();
      expect(copy(messages.resourceView(resource))).toEqual(toBinary(ResourceSchema, resource));
    }
  });

  it("hands out a view that the next call reuses (callers bind it before encoding again)", () => {
    const first = encoder.view(benchGrant(1, 1));
    const firstBytes = Uint8Array.from(first);
    encoder.view(benchGrant(2, 2));
    expect(first).not.toEqual(firstBytes);
  });
});
