import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AnyConnectorDefinition } from "../src/contract/connector.js";
import { provisionTargetOf } from "../src/contract/provision-target.js";
import type { GrantArgs, RevokeArgs } from "../src/contract/resource-type.js";
import { provisionGrant, provisionRevoke, runSync } from "../src/engine/index.js";
import { grantEntitlement } from "../src/engine/provision.js";
import { ConnectorError } from "../src/errors.js";
import { nullLogger } from "../src/log/index.js";
import {
  assignmentEntitlement,
  grant,
  groupResource,
  userResource,
  userTraitOf,
} from "../src/model/index.js";
import { createSampleDirectory, type SampleDirectory, sampleConnector } from "../src/sample/index.js";
import { useTempDir } from "./support/files.js";

const tempDir = useTempDir();

/** A synced c1z of the sample and the directory the provisioning calls change. */
const synced = async () => {
  const file = join(tempDir(), "sync.c1z");
  const directory = createSampleDirectory();
  await runSync({ connector: sampleConnector, client: directory, file, logger: nullLogger });
  return { file, directory };
};

const common = (
  file: string,
  directory: SampleDirectory,
  connector: AnyConnectorDefinition = sampleConnector,
) => ({
  connector,
  client: directory,
  file,
  provisioning: true,
  logger: nullLogger,
});

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return { code: (error as ConnectorError).code, message: (error as Error).message };
};

describe("provisioning", () => {
  it("is refused unless switched on", async () => {
    const { file, directory } = await synced();
    const failure = await codeOf(
      provisionGrant({
        ...common(file, directory),
        provisioning: false,
        entitlementId: "group:contractors:member",
        principal: { type: "user", id: "alice" },
      }),
    );
    expect(failure).toEqual({
      code: "failed-precondition",
      message: "provisioning is not enabled: pass -p / BATON_PROVISIONING=true",
    });
  });

  it("grants, then reports already-exists; revokes, then reports already-revoked", async () => {
    const { file, directory } = await synced();
    const request = {
      ...common(file, directory),
      entitlementId: "group:contractors:member",
      principal: { type: "user", id: "alice" },
    };
    const first = await provisionGrant(request);
    expect(first.outcome).toEqual({ kind: "granted" });
    expect(first.entitlement.displayName).toBe("Contractors member");
    expect(userTraitOf(first.principal)?.login).toBe("alice@example.com");
    expect(directory.groups.find((g) => g.id === "contractors")?.members.has("alice")).toBe(true);
    expect((await provisionGrant(request)).outcome).toEqual({ kind: "already-exists" });

    const revoke = { ...common(file, directory), grantId: "group:engineering:member:user:bob" };
    const revoked = await provisionRevoke(revoke);
    expect(revoked.outcome).toEqual({ kind: "revoked" });
    expect(directory.groups.find((g) => g.id === "engineering")?.members.has("bob")).toBe(false);
    expect((await provisionRevoke(revoke)).outcome).toEqual({ kind: "already-revoked" });
  });

  it("hands the connector the full entitlement and principal read from the c1z", async () => {
    const { file, directory } = await synced();
    const seen: { grant?: GrantArgs; revoke?: RevokeArgs } = {};
    const connector: AnyConnectorDefinition = {
      ...sampleConnector,
      resourceTypes: sampleConnector.resourceTypes.map((def) =>
        def.id === "role"
          ? {
              ...def,
              grant: async (_client, args) => {
                seen.grant = args;
                return { kind: "granted" };
              },
              revoke: async (_client, args) => {
                seen.revoke = args;
                return { kind: "revoked" };
              },
            }
          : def,
      ),
    };
    await provisionGrant({
      ...common(file, directory, connector),
      entitlementId: "role:viewer:assigned",
      principal: { type: "group", id: "security" },
    });
    expect(seen.grant?.entitlement.grantableTo.map((t) => t.id)).toEqual(["user", "group"]);
    expect(seen.grant?.principal.displayName).toBe("Security");
    await provisionRevoke({
      ...common(file, directory, connector),
      grantId: "role:editor:assigned:user:alice",
    });
    // The stored grant has a stub entitlement; revoke gets the full one and the full principal.
    expect(seen.revoke?.grant.entitlement?.displayName).toBe("Editor role");
    expect(userTraitOf(seen.revoke?.grant.principal ?? ({} as never))?.login).toBe("alice@example.com");
    // Parsed for the connector: which resource and slug, and the principal's id (nothing to re-check).
    expect(seen.grant?.entitlementRef).toEqual({
      resourceType: "role",
      resourceId: "viewer",
      slug: "assigned",
    });
    expect(seen.grant?.principalId).toMatchObject({ resourceType: "group", resource: "security" });
    expect(seen.revoke?.entitlementRef).toEqual({
      resourceType: "role",
      resourceId: "editor",
      slug: "assigned",
    });
    expect(seen.revoke?.principalId).toMatchObject({ resourceType: "user", resource: "alice" });
    expect(seen.revoke?.entitlement?.displayName).toBe("Editor role");
    expect(seen.revoke?.principal?.displayName).toBe(seen.revoke?.grant.principal?.displayName);
  });

  it("gives hand-built arguments the same target (provisionTargetOf), so tests can call a definition directly", () => {
    const principal = userResource({ type: "user", id: "alice", displayName: "Alice", user: {} });
    const entitlement = assignmentEntitlement(
      groupResource({ type: "group", id: "g1", displayName: "G" }),
      "member",
    );
    const target = provisionTargetOf({ principal, entitlement });
    expect(target.entitlementRef).toEqual({ resourceType: "group", resourceId: "g1", slug: "member" });
    expect(target.principalId).toBe(principal.id);
    const held = grant(entitlement.resource as NonNullable<typeof entitlement.resource>, "member", principal);
    expect(provisionTargetOf({ grant: held })).toMatchObject({
      entitlementRef: { resourceType: "group", resourceId: "g1", slug: "member" },
      principalId: { resourceType: "user", resource: "alice" },
    });
    expect(() => provisionTargetOf({ grant: { ...held, principal: undefined } })).toThrow(
      /has no resource type and id/,
    );
  });

  it("takes the slug from the entitlement id when the entitlement carries none, and refuses one that names neither", async () => {
    const connector = (seen: GrantArgs[]): AnyConnectorDefinition => ({
      ...sampleConnector,
      resourceTypes: sampleConnector.resourceTypes.map((def) =>
        def.id === "group"
          ? {
              ...def,
              grant: async (_client, args) => {
                seen.push(args);
                return { kind: "granted" };
              },
            }
          : def,
      ),
    });
    const seen: GrantArgs[] = [];
    const principal = userResource({ type: "user", id: "alice", displayName: "Alice", user: {} });
    const group = groupResource({ type: "group", id: "a:b", displayName: "Colons" });
    const withoutSlug = { ...assignmentEntitlement(group, "member"), slug: "" };
    await grantEntitlement({
      connector: connector(seen),
      client: createSampleDirectory(),
      entitlement: withoutSlug,
      principal,
      logger: nullLogger,
    });
    expect(seen[0]?.entitlementRef).toEqual({ resourceType: "group", resourceId: "a:b", slug: "member" });

    const nameless = { ...withoutSlug, id: "something-else" };
    const failure = await codeOf(
      grantEntitlement({
        connector: connector([]),
        client: createSampleDirectory(),
        entitlement: nameless,
        principal,
        logger: nullLogger,
      }),
    );
    expect(failure.code).toBe("invalid-argument");
    expect(failure.message).toContain(
      'entitlement "something-else" does not say which resource and slug it is',
    );
  });

  it("refuses a principal type the entitlement is not grantable to, before calling the connector", async () => {
    const { file, directory } = await synced();
    const failure = await codeOf(
      provisionGrant({
        ...common(file, directory),
        entitlementId: "group:security:member",
        principal: { type: "group", id: "engineering" },
      }),
    );
    expect(failure).toEqual({
      code: "invalid-argument",
      message:
        'principal type "group" cannot hold entitlement "group:security:member": it is grantable to user',
    });
    expect(directory.groups.find((g) => g.id === "security")?.members.has("engineering")).toBe(false);
  });

  it("refuses a resource type without grant()", async () => {
    const { file, directory } = await synced();
    const failure = await codeOf(
      provisionGrant({
        ...common(file, directory),
        entitlementId: "app:console:access",
        principal: { type: "user", id: "bob" },
      }),
    );
    expect(failure.code).toBe("unimplemented");
    expect(failure.message).toMatch(
      /resource type "app" of entitlement "app:console:access" does not support grant/,
    );
  });

  it("explains unknown ids: a near id, or to run a sync first", async () => {
    const { file, directory } = await synced();
    expect(
      await codeOf(
        provisionGrant({
          ...common(file, directory),
          entitlementId: "group:securty:member",
          principal: { type: "user", id: "bob" },
        }),
      ),
    ).toEqual({
      code: "not-found",
      message: `entitlement "group:securty:member" is not in ${file}; did you mean "group:security:member"?`,
    });
    expect(
      (
        await codeOf(
          provisionGrant({
            ...common(file, directory),
            entitlementId: "group:security:member",
            principal: { type: "user", id: "alise" },
          }),
        )
      ).message,
    ).toMatch(/principal user "alise" is not in .*; did you mean "alice"\?/);
    expect(
      (await codeOf(provisionRevoke({ ...common(file, directory), grantId: "nothing-like-it" }))).message,
    ).toMatch(/grant "nothing-like-it" is not in .*: run a sync first \(or check the id\)/);
    const missing = join(tempDir(), "none.c1z");
    expect(await codeOf(provisionRevoke({ ...common(missing, directory), grantId: "x" }))).toEqual({
      code: "not-found",
      message: `no c1z at ${missing}: run a sync first (without -p) to write it`,
    });
  });

  it("passes a connector's typed failure through", async () => {
    const { file, directory } = await synced();
    const connector: AnyConnectorDefinition = {
      ...sampleConnector,
      resourceTypes: sampleConnector.resourceTypes.map((def) =>
        def.id === "group"
          ? {
              ...def,
              grant: async () => {
                throw new ConnectorError("permission-denied", "the token may not change groups");
              },
            }
          : def,
      ),
    };
    const failure = await codeOf(
      provisionGrant({
        ...common(file, directory, connector),
        entitlementId: "group:security:member",
        principal: { type: "user", id: "bob" },
      }),
    );
    expect(failure.code).toBe("permission-denied");
    expect(failure.message).toMatch(
      /^the token may not change groups \(while granting of type group for group:security:member\)$/,
    );
  });
});
