import { join } from "node:path";
import type { Resource } from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import type { AnyConnectorDefinition } from "../src/contract/connector.js";
import { checkDefinition, runSync } from "../src/engine/index.js";
import { ConnectorError, ContractError } from "../src/errors.js";
import { nullLogger } from "../src/log/index.js";
import { assignmentEntitlement, grant, groupResource, resource, resourceId } from "../src/model/index.js";
import { createSampleDirectory, sampleConnector } from "../src/sample/index.js";
import { useTempDir } from "./support/files.js";
import { sampleWith } from "./support/sample-with.js";

const tempDir = useTempDir();

const syncOf = (connector: AnyConnectorDefinition) =>
  runSync({ connector, client: createSampleDirectory(), file: join(tempDir(), "x.c1z"), logger: nullLogger });

describe("contract violations are clear errors, not hangs", () => {
  it("a cursor returned again for the same listing", async () => {
    const connector = sampleWith("user", (def) => ({
      list: async (client, args, ctx) => ({ ...(await def.list(client, args, ctx)), nextCursor: "same" }),
    }));
    const attempt = syncOf(connector);
    await expect(attempt).rejects.toThrow(ContractError);
    await expect(attempt).rejects.toThrow(
      /list\(\) of type user returned a next-page cursor it had already returned \("same", after 2 pages\)/,
    );
  });

  it("a grant whose entitlement was never listed", async () => {
    const connector = sampleWith("group", (def) => ({
      grants: async (client, args, ctx) => {
        const page = await (def.grants as NonNullable<typeof def.grants>)(client, args, ctx);
        return { items: [...page.items, grant(args.resource, "owner", resourceId("user", "alice"))] };
      },
    }));
    const attempt = syncOf(connector);
    await expect(attempt).rejects.toThrow(ContractError);
    await expect(attempt).rejects.toThrow(
      /grants\(\) of group:\w+ returned grant "group:\w+:owner:user:alice" of entitlement "group:\w+:owner", which no entitlements\(\) call returned/,
    );
  });

  it("an item of the wrong type", async () => {
    // A JavaScript connector (or a cast) can return anything; the engine must say what it got.
    const wrongItem = assignmentEntitlement(groupResource({ type: "group", id: "x", displayName: "x" }), "m");
    const connector = sampleWith("group", () => ({
      list: async () => ({ items: [wrongItem as unknown as Resource] }),
    }));
    await expect(syncOf(connector)).rejects.toThrow(
      /list\(\) of type group returned a c1.connector.v2.Entitlement at items\[0\]; expected a c1.connector.v2.Resource/,
    );
  });

  it("a resource of another type", async () => {
    const connector = sampleWith("group", () => ({
      list: async () => ({ items: [groupResource({ type: "team", id: "x", displayName: "x" })] }),
    }));
    await expect(syncOf(connector)).rejects.toThrow(/returned resource team:x of type "team"/);
  });

  it("a resource without its type's trait", async () => {
    const connector = sampleWith("group", () => ({
      list: async () => ({ items: [resource({ type: "group", id: "x", displayName: "x" })] }),
    }));
    await expect(syncOf(connector)).rejects.toThrow(/group:x without the group trait/);
  });

  it("an entitlement of another resource than the one asked for", async () => {
    const connector = sampleWith("group", () => ({
      entitlements: async () => ({
        items: [
          assignmentEntitlement(
            groupResource({ type: "group", id: "elsewhere", displayName: "x" }),
            "member",
          ),
        ],
      }),
    }));
    await expect(syncOf(connector)).rejects.toThrow(
      /entitlement "group:elsewhere:member" of resource group:elsewhere/,
    );
  });

  it("a ConnectorError passes through with where it happened", async () => {
    const failure = new ConnectorError("permission-denied", "the token may not read groups");
    const connector = sampleWith("group", () => ({
      grants: async () => {
        throw failure;
      },
    }));
    const error = await syncOf(connector).catch((e: unknown) => e);
    expect(error).toBe(failure);
    expect(failure.code).toBe("permission-denied");
    expect(failure.message).toMatch(
      /the token may not read groups \(while listing grants of type group for group:\w+\)/,
    );
    expect(failure.details).toMatchObject({ phase: "listing grants", resourceType: "group" });
  });

  it("any other exception becomes an internal ConnectorError naming the call", async () => {
    const connector = sampleWith("user", () => ({
      list: async () => {
        throw new TypeError("cannot read properties of undefined");
      },
    }));
    const error = await syncOf(connector).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("internal");
    expect((error as Error).message).toBe(
      "the connector failed in listing resources of type user: cannot read properties of undefined",
    );
  });
});

describe("checkDefinition", () => {
  it("accepts the sample connector", () => {
    expect(() => checkDefinition(sampleConnector)).not.toThrow();
  });

  it("lists every inconsistency at once", () => {
    const broken = {
      ...sampleConnector,
      id: "Sample",
      resourceTypes: [
        ...sampleConnector.resourceTypes.map((def) =>
          def.id === "app"
            ? { ...def, children: ["role", "widget"] }
            : def.id === "role"
              ? { ...def, children: ["app"] }
              : def,
        ),
        { ...sampleConnector.resourceTypes[0], traits: ["person"] },
        { ...sampleConnector.resourceTypes[1], id: "a:b" },
      ],
    } as unknown as AnyConnectorDefinition;
    let error: unknown;
    try {
      checkDefinition(broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ContractError);
    const problems = (error as ContractError).details?.problems as string[];
    expect(problems).toEqual([
      'id "Sample" must be lower-case letters, digits and dashes (e.g. "segment")',
      'resourceTypes[4] (user): duplicate resource type id "user"',
      'resourceTypes[4] (user): unknown trait "person" (expected one of user, group, role, app)',
      "resourceTypes[5] (a:b): id must not contain ':' (ids are joined with ':')",
      'app: child type "widget" is not one of this connector\'s resource types',
      "child types form a cycle: app → role → app",
    ]);
  });
});

describe("errors from another copy of the sdk", () => {
  it("keep their code (recognised by shape, not by class)", async () => {
    // What a connector bundled with its own copy of the sdk throws: same shape, another class.
    class ForeignConnectorError extends Error {
      readonly code = "permission-denied";
    }
    const connector = sampleWith("user", () => ({
      list: async () => {
        throw new ForeignConnectorError("the token may not list users");
      },
    }));
    const error = await syncOf(connector).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForeignConnectorError);
    expect((error as Error).message).toBe(
      "the token may not list users (while listing resources of type user)",
    );
  });
});
