import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSync } from "../src/engine/index.js";
import { ContractError } from "../src/errors.js";
import { createMemoryLogger, nullLogger } from "../src/log/index.js";
import { readStored, sourcesOf, useTempDir } from "./support/files.js";
import { type GraphSpec, graphConnector } from "./support/graph-connector.js";

const tempDir = useTempDir();

const sync = async (spec: GraphSpec) => {
  const file = join(tempDir(), "x.c1z");
  const summary = await runSync({ connector: graphConnector(spec), client: {}, file, logger: nullLogger });
  return { summary, stored: await readStored(file) };
};

const member = (group: string) => `group:${group}:member`;

describe("grant expansion", () => {
  it("gives the members of a group what the group holds, with Baton's ids, entitlement and sources", async () => {
    const { summary, stored } = await sync({
      users: ["ann", "ben"],
      groups: ["eng", "admins"],
      slugs: ["member", "admin"],
      grants: [
        { on: "eng", to: "user:ann" },
        { on: "eng", to: "user:ben" },
        { on: "admins", slug: "admin", to: "group:eng", expandable: { entitlementIds: [member("eng")] } },
        // ben also holds admin directly: the direct grant gains sources [itself, the group's member]
        { on: "admins", slug: "admin", to: "user:ben" },
      ],
    });
    expect(summary.expandedGrants).toBe(1);
    const created = stored.grants.get("group:admins:admin:user:ann");
    expect(created?.entitlement?.displayName).toBe("admin");
    expect(created?.entitlement?.grantableTo.length).toBe(2);
    expect(created?.principal?.id).toMatchObject({ resourceType: "user", resource: "ann" });
    expect(sourcesOf(created)).toEqual([member("eng")]);
    expect(sourcesOf(stored.grants.get("group:admins:admin:user:ben"))).toEqual([
      "group:admins:admin",
      member("eng"),
    ]);
    // The grant to the group itself is untouched.
    expect(sourcesOf(stored.grants.get("group:admins:admin:group:eng"))).toEqual([]);
  });

  it("propagates over several levels in order (nested groups)", async () => {
    const { stored } = await sync({
      users: ["ann"],
      groups: ["inner", "outer", "apps"],
      slugs: ["member", "access"],
      grants: [
        { on: "inner", to: "user:ann" },
        { on: "outer", to: "group:inner", expandable: { entitlementIds: [member("inner")] } },
        { on: "apps", slug: "access", to: "group:outer", expandable: { entitlementIds: [member("outer")] } },
      ],
    });
    expect(sourcesOf(stored.grants.get("group:outer:member:user:ann"))).toEqual([member("inner")]);
    expect(sourcesOf(stored.grants.get("group:apps:access:user:ann"))).toEqual([member("outer")]);
    expect(stored.grants.has("group:apps:access:group:inner")).toBe(true);
  });

  it("propagates only direct holders when shallow", async () => {
    const { stored } = await sync({
      users: ["ann", "ben"],
      groups: ["inner", "outer", "apps"],
      slugs: ["member", "access"],
      grants: [
        { on: "inner", to: "user:ann" },
        { on: "outer", to: "user:ben" },
        { on: "outer", to: "group:inner", expandable: { entitlementIds: [member("inner")] } },
        {
          on: "apps",
          slug: "access",
          to: "group:outer",
          expandable: { entitlementIds: [member("outer")], shallow: true },
        },
      ],
    });
    // ben holds outer directly; ann only through inner, so the shallow edge leaves her out.
    expect(stored.grants.has("group:apps:access:user:ben")).toBe(true);
    expect(stored.grants.has("group:apps:access:group:inner")).toBe(true);
    expect(stored.grants.has("group:outer:member:user:ann")).toBe(true);
    expect(stored.grants.has("group:apps:access:user:ann")).toBe(false);
  });

  it("limits propagation to the listed principal types", async () => {
    const { stored } = await sync({
      users: ["ann"],
      groups: ["inner", "outer", "apps"],
      slugs: ["member", "access"],
      grants: [
        { on: "outer", to: "user:ann" },
        { on: "outer", to: "group:inner" },
        {
          on: "apps",
          slug: "access",
          to: "group:outer",
          expandable: { entitlementIds: [member("outer")], resourceTypeIds: ["user"] },
        },
      ],
    });
    expect(stored.grants.has("group:apps:access:user:ann")).toBe(true);
    expect(stored.grants.has("group:apps:access:group:inner")).toBe(false);
  });

  it("handles cycles without failing: every member of the cycle reaches a fixpoint", async () => {
    const { summary, stored } = await sync({
      users: ["ann", "ben", "cat"],
      groups: ["a", "b", "c"],
      grants: [
        { on: "a", to: "user:ann" },
        { on: "b", to: "user:ben" },
        { on: "c", to: "user:cat" },
        // a ⊂ b ⊂ c ⊂ a
        { on: "b", to: "group:a", expandable: { entitlementIds: [member("a")] } },
        { on: "c", to: "group:b", expandable: { entitlementIds: [member("b")] } },
        { on: "a", to: "group:c", expandable: { entitlementIds: [member("c")] } },
      ],
    });
    for (const group of ["a", "b", "c"]) {
      for (const user of ["ann", "ben", "cat"]) {
        expect(stored.grants.has(`group:${group}:member:user:${user}`), `${user} in ${group}`).toBe(true);
      }
    }
    expect(summary.expandedGrants).toBeGreaterThanOrEqual(6);
    expect(stored.syncs[0]?.finished).toBe(true);
  });

  it("is deterministic: the same graph gives the same grants and sources at any concurrency", async () => {
    const spec: GraphSpec = {
      users: ["u1", "u2", "u3", "u4"],
      groups: ["g1", "g2", "g3"],
      slugs: ["member", "admin"],
      grants: [
        { on: "g1", to: "user:u1" },
        { on: "g2", to: "user:u2" },
        { on: "g3", to: "user:u3" },
        { on: "g1", slug: "admin", to: "group:g2", expandable: { entitlementIds: [member("g2")] } },
        { on: "g1", slug: "admin", to: "group:g3", expandable: { entitlementIds: [member("g3")] } },
        { on: "g2", to: "group:g3", expandable: { entitlementIds: [member("g3")], shallow: true } },
        { on: "g3", to: "group:g1", expandable: { entitlementIds: [member("g1")] } },
      ],
    };
    const results = [];
    for (const concurrency of [1, 4]) {
      const file = join(tempDir(), `c${concurrency}.c1z`);
      await runSync({ connector: graphConnector(spec), client: {}, file, logger: nullLogger, concurrency });
      const stored = await readStored(file);
      results.push([...stored.grants.values()].map((g) => `${g.id} ${sourcesOf(g).join(",")}`).sort());
    }
    expect(results[0]).toEqual(results[1]);
  });

  it("refuses an expansion source that is not an entitlement of the grant's principal", async () => {
    const logger = createMemoryLogger("error");
    const attempt = runSync({
      connector: graphConnector({
        users: ["ann"],
        groups: ["g1", "g2"],
        grants: [{ on: "g1", to: "user:ann", expandable: { entitlementIds: [member("g2")] } }],
      }),
      client: {},
      file: join(tempDir(), "x.c1z"),
      logger,
    });
    await expect(attempt).rejects.toThrow(ContractError);
    await expect(attempt).rejects.toThrow(/not an entitlement of its principal user:ann/);
  });
});
