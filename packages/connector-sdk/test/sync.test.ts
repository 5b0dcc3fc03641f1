import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import {
  anyUnpack,
  ChildResourceTypeSchema,
  Resource_CreationSource,
  ResourceType_Trait,
  SkipEntitlementsAndGrantsSchema,
  typeUrlOf,
  UserTraitSchema,
} from "@baton-ts/protocol";
import { describe, expect, it } from "vitest";
import type { AnyConnectorDefinition } from "../src/contract/connector.js";
import type { ListArgs } from "../src/contract/resource-type.js";
import { runSync } from "../src/engine/index.js";
import { ConfigError } from "../src/errors.js";
import { createMemoryLogger, nullLogger } from "../src/log/index.js";
import { createSampleDirectory, sampleConnector } from "../src/sample/index.js";
import { readStored, useTempDir } from "./support/files.js";

const tempDir = useTempDir();

/** The sample connector with every list() call recorded. */
const recordingSample = () => {
  const lists: { type: string; args: ListArgs }[] = [];
  const connector: AnyConnectorDefinition = {
    ...sampleConnector,
    resourceTypes: sampleConnector.resourceTypes.map((def) => ({
      ...def,
      list: (client, args, ctx) => {
        lists.push({ type: def.id, args });
        return def.list(client, args, ctx);
      },
    })),
  };
  return { connector, lists };
};

describe("runSync with the sample connector", () => {
  it("runs the phases and stores what Baton stores", async () => {
    const file = join(tempDir(), "sync.c1z");
    const logger = createMemoryLogger("info");
    const summary = await runSync({
      connector: sampleConnector,
      client: createSampleDirectory(),
      file,
      logger,
    });

    expect(summary).toMatchObject({
      resumed: false,
      resourceTypes: 4,
      resources: { user: 5, group: 3, app: 1, role: 3 },
      entitlements: 7,
      // 13 listed + 8 created by expansion
      grants: 21,
      expandedGrants: 8,
    });
    expect(summary.pages).toBe(21);
    const stored = await readStored(file);
    expect(stored.syncs).toHaveLength(1);
    expect(stored.syncs[0]?.finished).toBe(true);

    const alice = stored.resources.get("user:alice");
    expect(alice?.creationSource).toBe(Resource_CreationSource.CONNECTOR_LIST_RESOURCES);
    expect(alice?.annotations.some((a) => a.typeUrl === typeUrlOf(UserTraitSchema))).toBe(true);

    // The app's roles are its children: annotated on the app, stored with the app as parent.
    const app = stored.resources.get("app:console");
    const children = app?.annotations
      .filter((a) => a.typeUrl === typeUrlOf(ChildResourceTypeSchema))
      .map((a) => anyUnpack(a, ChildResourceTypeSchema)?.resourceTypeId);
    expect(children).toEqual(["role"]);
    expect(stored.resources.get("role:admin")?.parentResourceId).toMatchObject({
      resourceType: "app",
      resource: "console",
    });

    // grantable_to given as bare ids is completed from the definitions.
    const member = stored.entitlements.get("group:engineering:member");
    expect(member?.grantableTo.map((t) => [t.id, t.displayName, t.traits])).toEqual([
      ["user", "User", [ResourceType_Trait.USER]],
    ]);

    const messages = logger.records.map((r) => r.msg);
    expect(messages).toContain("sync starting");
    expect(messages).toContain("sync finished");
  });

  it("lists child types only under their parents, once per parent", async () => {
    const { connector, lists } = recordingSample();
    await runSync({
      connector,
      client: createSampleDirectory(),
      file: join(tempDir(), "s.c1z"),
      logger: nullLogger,
    });
    const roleLists = lists.filter((l) => l.type === "role");
    expect(roleLists).toHaveLength(1);
    expect(roleLists[0]?.args.parent).toMatchObject({ resourceType: "app", resource: "console" });
    // Users come two per page: three pages with advancing cursors.
    expect(lists.filter((l) => l.type === "user").map((l) => l.args.cursor)).toEqual([undefined, "2", "4"]);
  });

  it("keeps Baton's retention: a file holds at most the newest two finished syncs", async () => {
    const file = join(tempDir(), "s.c1z");
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const summary = await runSync({
        connector: sampleConnector,
        client: createSampleDirectory(),
        file,
        logger: nullLogger,
      });
      expect(summary.resumed).toBe(false);
      ids.push(summary.syncId);
    }
    const stored = await readStored(file);
    expect(stored.syncs.map((s) => s.id).sort()).toEqual(ids.slice(1).sort());
  });

  it("skips grants, or entitlements and grants, when asked", async () => {
    const dir = tempDir();
    const noGrants = await runSync({
      connector: sampleConnector,
      client: createSampleDirectory(),
      file: join(dir, "a.c1z"),
      logger: nullLogger,
      skipGrants: true,
    });
    expect([noGrants.entitlements, noGrants.grants]).toEqual([7, 0]);
    const neither = await runSync({
      connector: sampleConnector,
      client: createSampleDirectory(),
      file: join(dir, "b.c1z"),
      logger: nullLogger,
      skipEntitlementsAndGrants: true,
    });
    expect([neither.entitlements, neither.grants, neither.resources.user]).toEqual([0, 0, 5]);
  });

  it("syncs only some resource types, plus the parents a child type needs", async () => {
    const summary = await runSync({
      connector: sampleConnector,
      client: createSampleDirectory(),
      file: join(tempDir(), "s.c1z"),
      logger: nullLogger,
      resourceTypes: ["role"],
    });
    expect(summary.resources).toEqual({ app: 1, role: 3 });
    expect(summary.resourceTypes).toBe(2);
    // Role grants to users are stored; the grant check only judges types whose entitlements were listed.
    expect(summary.grants).toBeGreaterThan(0);
  });

  it("rejects an unknown resource type with a hint, before touching the file", async () => {
    const file = join(tempDir(), "s.c1z");
    const attempt = runSync({
      connector: sampleConnector,
      client: createSampleDirectory(),
      file,
      logger: nullLogger,
      resourceTypes: ["rol"],
    });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/unknown resource type "rol" \(did you mean "role"\?\)/);
  });

  it("marks types with skipEntitlementsAndGrants and does not list them", async () => {
    let calls = 0;
    const connector: AnyConnectorDefinition = {
      ...sampleConnector,
      resourceTypes: sampleConnector.resourceTypes.map((def) =>
        def.id === "group"
          ? {
              ...def,
              skipEntitlementsAndGrants: true,
              entitlements: async () => {
                calls += 1;
                return { items: [] };
              },
            }
          : def.id === "app" || def.id === "role"
            ? (({ grants: _dropped, ...rest }) => rest)(def)
            : def,
      ),
    };
    const file = join(tempDir(), "s.c1z");
    const summary = await runSync({ connector, client: createSampleDirectory(), file, logger: nullLogger });
    expect(calls).toBe(0);
    expect(summary.entitlements).toBe(4);
    const c1z = await C1zFile.open(file, { readOnly: true });
    const group = c1z.getResourceType("group");
    c1z.close();
    expect(group?.annotations.map((a) => a.typeUrl)).toEqual([typeUrlOf(SkipEntitlementsAndGrantsSchema)]);
  });

  it("stores a resource returned twice only once", async () => {
    const connector: AnyConnectorDefinition = {
      ...sampleConnector,
      resourceTypes: sampleConnector.resourceTypes.map((def) =>
        def.id === "group"
          ? {
              ...def,
              list: async (client, args, ctx) => {
                const page = await def.list(client, args, ctx);
                return { items: [...page.items, ...page.items] };
              },
            }
          : def,
      ),
    };
    const summary = await runSync({
      connector,
      client: createSampleDirectory(),
      file: join(tempDir(), "s.c1z"),
      logger: nullLogger,
    });
    expect(summary.resources.group).toBe(3);
  });

  it("logs progress lines while a sync runs", async () => {
    const logger = createMemoryLogger("info");
    const slow: AnyConnectorDefinition = {
      ...sampleConnector,
      resourceTypes: sampleConnector.resourceTypes.map((def) => ({
        ...def,
        list: async (client, args, ctx) => {
          await new Promise((resolve) => setTimeout(resolve, 15));
          return def.list(client, args, ctx);
        },
      })),
    };
    await runSync({
      connector: slow,
      client: createSampleDirectory(),
      file: join(tempDir(), "s.c1z"),
      logger,
      progressIntervalMs: 10,
      concurrency: 1,
    });
    const progress = logger.records.filter((r) => r.msg === "sync progress");
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]?.fields).toMatchObject({
      phase: expect.any(String),
      pages: expect.any(Number),
      grantsPerSecond: expect.any(Number),
    });
  });
});
