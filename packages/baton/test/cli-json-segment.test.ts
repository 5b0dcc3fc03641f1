// biome-ignore-all lint/suspicious/noExplicitAny: these tests walk the protojson the program prints; its shape is what they check
import { describe, expect, inject, it } from "vitest";
import { baton, batonJson, useCacheDir } from "./support.js";

// The Segment fixture (test/fixtures/tenants.ts, seed 3): a workspace "Wayne Media" with six users and
// two groups, Growth and Data Platform. Growth holds the Warehouse Read-only role and Source Admin on
// the source Email Events (staging); Data Platform holds Engage User on the space Production. Between
// the file's two syncs Maya Singh joined Growth (and was renamed), Ines Garcia left it. The expected
// values below were read off the simulator's seeded state and checked by hand against the sync. Rows
// come in storage order, and the engine writes the pages of different resources concurrently, so lists
// that span resources are compared sorted.
const file = inject("segmentC1z");
const env = { BATON_CACHE_DIR: useCacheDir() };
const run = (...args: string[]) => batonJson(["-f", file, ...args], env);

const WORKSPACE = "2S4lTUAGYC5iTnsKgHfWpX0sJwl";
const GROWTH = "group:Xnja4Ew0we90H9q3kQJBAhoB5U3:member";
const DATA_PLATFORM = "group:EZ14aAJKcIGYYDnHmkqFiWygOnT:member";
const WAREHOUSE_READ_ONLY = "role:QoRLmNfDlRgvsqOD3CgdxGiFrES:member";
const WORKSPACE_MEMBER_ROLE = "role:hSysifxl34XrLXHSYZOkAxdkl3P:member";
const SOURCE_ADMIN = "source:PWiu2AjRPXSYq7qYBsxkTYEL99Z:9glczzyaswoJcwOb8dXFs3q5Qt1";
const ENGAGE_USER = "space:spa_q6VC3AJ8IhJLPpBxJkWjugpHwjd:vV5lCUSbXcCqKKi5HrHqNY089Rg";
const ANDREI = "apBVdI649YIRABJ7HckopSL8EaR";
const MAYA = "3icj0PNhe8gTPO1zHMmAQ9YGRm8";
const INES = "r06xRpsaBaFZYnsX8gph0p6F3Nk";

const sourcesOf = (grant: { sources?: { sources?: Record<string, unknown> } }) =>
  Object.keys(grant.sources?.sources ?? {});
const sorted = <T>(items: T[]): T[] =>
  [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("baton -o json on the Segment tenant", () => {
  it("resource-types: ResourceTypeListOutput", async () => {
    const out = await run("resource-types");
    expect(out.resourceTypes.map((entry: any) => entry.resourceType.id)).toEqual([
      "workspace",
      "user",
      "invite",
      "group",
      "role",
      "label",
      "source",
      "warehouse",
      "function",
      "space",
    ]);
    expect(out.resourceTypes[1]).toEqual({
      resourceType: {
        id: "user",
        displayName: "User",
        traits: ["TRAIT_USER"],
        description: "A member of the workspace who has joined",
      },
    });
  });

  it("stats: Baton's counts of the latest sync", async () => {
    expect(await run("stats")).toEqual({
      entitlements: 65,
      grants: 28,
      group: 2,
      invite: 1,
      label: 8,
      resource_types: 10,
      role: 15,
      source: 1,
      space: 1,
      user: 6,
      warehouse: 1,
      workspace: 1,
    });
  });

  it("resources -t user: ResourceListOutput with the parent workspace", async () => {
    const out = await run("resources", "-t", "user");
    expect(out.resources.map((entry: any) => entry.resource.displayName)).toEqual([
      "Maya Singh (renamed)",
      "Ines Garcia",
      "Zara Schmidt",
      "Sofia Andersen",
      "Andrei Adeyemi",
      "Hugo Lopez",
    ]);
    const andrei = out.resources[4];
    expect(Object.keys(andrei)).toEqual(["resource", "resourceType", "parent"]);
    expect(andrei.resource.id).toEqual({ resourceType: "user", resource: ANDREI });
    expect(andrei.resourceType.id).toBe("user");
    expect(andrei.parent).toMatchObject({
      id: { resourceType: "workspace", resource: WORKSPACE },
      displayName: "Wayne Media",
    });
    expect(andrei.resource.annotations[0]).toMatchObject({
      "@type": "type.googleapis.com/c1.connector.v2.UserTrait",
      emails: [{ address: "andrei.adeyemi@waynemedia.example", isPrimary: true }],
      accountType: "ACCOUNT_TYPE_HUMAN",
    });
  });

  it("entitlements -t group: EntitlementListOutput", async () => {
    const out = await run("entitlements", "-t", "group");
    expect(
      out.entitlements.map((entry: any) => [
        entry.entitlement.id,
        entry.entitlement.displayName,
        entry.resource.displayName,
        entry.resourceType.id,
      ]),
    ).toEqual([
      [GROWTH, "Growth member", "Growth", "group"],
      [DATA_PLATFORM, "Data Platform member", "Data Platform", "group"],
    ]);
  });

  it("grants -e: the group's own grant and its members' grants derived through it", async () => {
    const out = await run("grants", "-e", WAREHOUSE_READ_ONLY);
    expect(
      out.grants.map((entry: any) => [entry.principal.displayName, entry.grant.id, sourcesOf(entry.grant)]),
    ).toEqual([
      ["Growth", `${WAREHOUSE_READ_ONLY}:group:Xnja4Ew0we90H9q3kQJBAhoB5U3`, []],
      ["Andrei Adeyemi", `${WAREHOUSE_READ_ONLY}:user:${ANDREI}`, [GROWTH]],
      ["Maya Singh (renamed)", `${WAREHOUSE_READ_ONLY}:user:${MAYA}`, [GROWTH]],
    ]);
    const first = out.grants[0];
    expect(Object.keys(first)).toEqual(["grant", "entitlement", "resource", "resourceType", "principal"]);
    expect(first.grant.annotations).toEqual([
      { entitlementIds: [GROWTH], "@type": "type.googleapis.com/c1.connector.v2.GrantExpandable" },
    ]);
    expect(first.entitlement).toMatchObject({
      id: WAREHOUSE_READ_ONLY,
      displayName: "Warehouse Read-only (workspace-wide)",
      slug: "member",
      purpose: "PURPOSE_VALUE_ASSIGNMENT",
    });
    expect(first.resource.displayName).toBe("Warehouse Read-only");
    expect(first.resourceType.id).toBe("role");
  });

  it("grants -r -t and -t: by resource and by resource type", async () => {
    const byResource = await run("grants", "-r", "Xnja4Ew0we90H9q3kQJBAhoB5U3", "-t", "group");
    expect(byResource.grants.map((entry: any) => entry.principal.displayName)).toEqual([
      "Andrei Adeyemi",
      "Maya Singh (renamed)",
    ]);
    const byType = await run("grants", "-t", "space");
    expect(byType.grants.map((entry: any) => entry.grant.id)).toEqual([
      `${ENGAGE_USER}:group:EZ14aAJKcIGYYDnHmkqFiWygOnT`,
      "space:spa_q6VC3AJ8IhJLPpBxJkWjugpHwjd:PjSzwenmnlRxHMMHlnOYOP3GRli:user:f4XPE7iwnxUupxqYHOU2JEcsrai",
      `${ENGAGE_USER}:user:${MAYA}`,
      `${ENGAGE_USER}:user:${ANDREI}`,
    ]);
  });

  it("principals -e: each holder once", async () => {
    const out = await run("principals", "-e", GROWTH);
    expect(out.resources.map((entry: any) => entry.resource.displayName)).toEqual([
      "Andrei Adeyemi",
      "Maya Singh (renamed)",
    ]);
  });

  it("access: grouped by resource, with the grants' sources saying which group each came through", async () => {
    const out = await run("access", "-t", "user", "-r", ANDREI);
    expect(out.principal.displayName).toBe("Andrei Adeyemi");
    expect(
      sorted(
        out.access.map((entry: any) => [
          entry.resourceType.id,
          entry.resource.displayName,
          entry.entitlements.map((e: any) => e.id),
          entry.grants.map(sourcesOf),
        ]),
      ),
    ).toEqual([
      ["group", "Data Platform", [DATA_PLATFORM], [[]]],
      ["group", "Growth", [GROWTH], [[]]],
      ["role", "Warehouse Read-only", [WAREHOUSE_READ_ONLY], [[GROWTH]]],
      ["role", "Workspace Member", [WORKSPACE_MEMBER_ROLE], [[]]],
      ["source", "Email Events (staging)", [SOURCE_ADMIN], [[GROWTH]]],
      ["space", "Production", [ENGAGE_USER], [[DATA_PLATFORM]]],
      ["workspace", "Wayne Media", [`workspace:${WORKSPACE}:member`], [[]]],
    ]);
    expect(Object.keys(out.access[0])).toEqual(["resourceType", "resource", "entitlements", "grants"]);
  });

  it("principals compare: the holders of two entitlements, relative to the base", async () => {
    const out = await run(
      "principals",
      "compare",
      "-e",
      GROWTH,
      "--compare-file",
      file,
      "--compare-entitlement",
      WORKSPACE_MEMBER_ROLE,
    );
    const names = (list: any[] | undefined) =>
      sorted((list ?? []).map((entry) => entry.resource.displayName));
    expect(out.missing).toBeUndefined();
    expect(names(out.extra)).toEqual(["Hugo Lopez", "Ines Garcia", "Sofia Andersen", "Zara Schmidt"]);
    expect(names(out.base)).toEqual(["Andrei Adeyemi", "Maya Singh (renamed)"]);
    expect(names(out.compared)).toHaveLength(6);
  });

  it("syncs: SyncListOutput, two finished full syncs", async () => {
    const out = await run("syncs");
    expect(out.syncs).toHaveLength(2);
    for (const sync of out.syncs) {
      expect(sync.id).toMatch(/^[0-9A-Za-z]{27}$/);
      expect(sync.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(sync.endedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(sync.syncType).toBe("full");
      expect(typeof sync.syncToken).toBe("string");
    }
  });

  it("diff: C1ZDiffOutput of the latest sync against the previous one (JSON by default, as Go prints it)", async () => {
    const plain = await baton(["-f", file, "diff"], env);
    expect(plain.code).toBe(0);
    const out = JSON.parse(plain.stdout);
    expect(Object.keys(out)).toEqual(["resources", "entitlements", "grants"]);
    expect(out.entitlements).toEqual({});
    expect(out.resources.modified.map((r: any) => [r.id.resource, r.displayName])).toEqual([
      [MAYA, "Maya Singh (renamed)"],
    ]);
    expect(out.resources.created).toBeUndefined();
    expect(sorted(out.grants.created.map((g: any) => g.id))).toEqual([
      `${GROWTH}:user:${MAYA}`,
      `${WAREHOUSE_READ_ONLY}:user:${MAYA}`,
      `${SOURCE_ADMIN}:user:${MAYA}`,
    ]);
    expect(sorted(out.grants.deleted.map((g: any) => g.id))).toEqual([
      `${GROWTH}:user:${INES}`,
      `${WAREHOUSE_READ_ONLY}:user:${INES}`,
      `${SOURCE_ADMIN}:user:${INES}`,
    ]);
  });

  it("--sync-id reads the earlier sync", async () => {
    const { syncs } = await run("syncs");
    const earlier = await run("principals", "-e", GROWTH, "--sync-id", syncs[0].id);
    // Before the change Growth had Ines and Andrei, and Maya's name was not yet changed.
    expect(earlier.resources.map((entry: any) => entry.resource.displayName).sort()).toEqual([
      "Andrei Adeyemi",
      "Ines Garcia",
    ]);
    const maya = await run("resources", "-t", "user", "--sync-id", syncs[0].id);
    expect(maya.resources[0].resource.displayName).toBe("Maya Singh");
  });
});
