// One test per defect of ConductorOne's Go baton-segment, named `defect <id>: …` after the table in
// docs/connectors/segment.md, each showing that this connector does not have it.
import { nullLogger, provisionGrant, provisionRevoke } from "@baton-ts/connector-sdk";
import { memorySession } from "@baton-ts/connector-sdk/testing";
import nock from "nock";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeSegmentError } from "../src/client/describe-error.js";
import { toPermissionInput } from "../src/client/permission-input.js";
import { createSegmentClient, type SegmentClient } from "../src/client/segment-client.js";
import { segmentBaseUrl, segmentConfig } from "../src/config.js";
import { segmentConnector } from "../src/connector.js";
import {
  type SegmentSimulator,
  type SegmentSimulatorOptions,
  type SimPermission,
  startSegmentSimulator,
} from "../src/simulator/index.js";
import { type SyncedWorkspace, simulatorClient, syncSimulator, tempDir } from "./support.js";

let sim: SegmentSimulator | undefined;
let client: SegmentClient;
const cleanups: (() => void)[] = [];

const start = async (options: SegmentSimulatorOptions = {}): Promise<SegmentSimulator> => {
  sim = await startSegmentSimulator({ seed: 17, iamWriteLimit: false, ...options });
  client = simulatorClient(sim);
  return sim;
};
/** Syncs; the request log then holds only what the test itself causes unless `keepLog`. */
const sync = async (s: SegmentSimulator, keepLog = false): Promise<SyncedWorkspace> => {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const synced = await syncSimulator(s, dir.path, { client });
  if (!keepLog) s.clearRequests();
  return synced;
};
const grantIt = (synced: SyncedWorkspace, entitlementId: string, type: string, id: string) =>
  provisionGrant({
    connector: segmentConnector,
    client,
    file: synced.file,
    entitlementId,
    principal: { type, id },
    provisioning: true,
    logger: nullLogger,
  });
const revokeIt = (synced: SyncedWorkspace, grantId: string) =>
  provisionRevoke({
    connector: segmentConnector,
    client,
    file: synced.file,
    grantId,
    provisioning: true,
    logger: nullLogger,
  });
const typeOf = (synced: SyncedWorkspace, type: string) =>
  synced.resources.filter((r) => r.id?.resourceType === type);

beforeEach(() => nock.cleanAll());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(() => nock.restore());

describe("defects of the Go connector, absent here", () => {
  it("defect 1: warehouses come from GET /warehouses, and the sources are not paged for them", async () => {
    const s = await start({ size: { sources: 450, warehouses: 4 } });
    const synced = await sync(s, true);
    expect(new Set(typeOf(synced, "warehouse").map((r) => r.id?.resource))).toEqual(
      new Set(s.state.warehouses.keys()),
    );
    expect(s.calls()["GET /warehouses"]).toBe(1);
    expect(s.calls()["GET /sources"]).toBe(3);
  });

  it("defect 2: spaces come from GET /spaces, and a failing spaces listing is named as such", async () => {
    const s = await start({ size: { spaces: 3 } });
    const synced = await sync(s);
    expect(new Set(typeOf(synced, "space").map((r) => r.id?.resource))).toEqual(
      new Set(s.state.spaces.keys()),
    );
    nock("https://api.segmentapis.com")
      .get("/spaces")
      .query(true)
      .times(6)
      .reply(500, { errors: [{ type: "internal" }] });
    const offline = createSegmentClient({
      baseUrl: "https://api.segmentapis.com",
      token: "t",
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(offline.listSpaces(undefined)).rejects.toThrow(/GET \/spaces → 500/);
  });

  it("defect 3: a group is read from data.userGroup, its roles are synced and a group write keeps its other permissions", async () => {
    const s = await start();
    const synced = await sync(s);
    const group = [...s.state.groups.values()].find((g) => g.permissions.length > 0);
    if (!group) throw new Error("seed has no group with permissions");
    expect(
      synced.grants.some(
        (g) => g.principal?.id?.resourceType === "group" && g.principal.id.resource === group.id,
      ),
    ).toBe(true);
    const before = structuredClone(group.permissions);
    const roleId = s.roleIdByName("End User Privacy Admin");
    expect((await grantIt(synced, `role:${roleId}:member`, "group", group.id)).outcome.kind).toBe("granted");
    expect(group.permissions.slice(0, before.length)).toEqual(before);
    // A response keyed `group` (what the Go connector decoded) is refused loudly, not read as empty.
    nock("https://api.segmentapis.com")
      .get("/groups/g1")
      .reply(200, { data: { group: { id: "g1", name: "x" } } });
    const strict = createSegmentClient({ baseUrl: "https://api.segmentapis.com", token: "t" });
    await expect(strict.getGroup("g1")).rejects.toThrow(/data\.userGroup/);
  });

  it("defect 4: member removal uses DELETE /group/{id}/users?emails=<email>, no pagination, and reports success", async () => {
    const s = await start();
    const synced = await sync(s);
    const held = synced.grants.find(
      (g) => g.id.startsWith("group:") && g.principal?.id?.resourceType === "user",
    );
    if (!held) throw new Error("no membership grant");
    const email = s.state.users.get(held.principal?.id?.resource ?? "")?.email;
    expect((await revokeIt(synced, held.id)).outcome.kind).toBe("revoked");
    const deletes = s.requests.filter((r) => r.method === "DELETE");
    expect(
      deletes.map((r) => ({
        path: r.path.replace(/[^/]+(?=\/users$)/, "{id}"),
        query: r.query,
        status: r.status,
      })),
    ).toEqual([{ path: "/group/{id}/users", query: { emails: email }, status: 200 }]);
  });

  it("defect 5: every status is checked: a non-JSON 5xx and an empty 404 keep their status; 429s are waited out", async () => {
    const offline = createSegmentClient({
      baseUrl: "https://api.segmentapis.com",
      token: "t",
      retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 },
    });
    nock("https://api.segmentapis.com").get("/users/u1").times(2).reply(502, "<html>Bad Gateway</html>");
    await expect(offline.getUser("u1")).rejects.toMatchObject({ code: "unavailable", status: 502 });
    nock("https://api.segmentapis.com").get("/users/u2").reply(404, "");
    await expect(offline.getUser("u2")).rejects.toMatchObject({ code: "not-found", status: 404 });
    nock("https://api.segmentapis.com")
      .get("/users/u3")
      .reply(429, {
        errors: [{ type: "RequestError", message: "Too many requests", data: { msBeforeNext: 3 } }],
      })
      .get("/users/u3")
      .reply(200, { data: { user: { id: "u3", name: "U", email: "u@x.example", permissions: [] } } });
    await expect(offline.getUser("u3")).resolves.toMatchObject({ id: "u3" });
  });

  it("defect 6: an EU workspace is reached on eu1.api.segmentapis.com, and --base-url overrides both", async () => {
    const eu = segmentConfig.parse({ token: "t", region: "eu" });
    expect(segmentBaseUrl(eu)).toBe("https://eu1.api.segmentapis.com");
    expect(segmentBaseUrl(segmentConfig.parse({ token: "t" }))).toBe("https://api.segmentapis.com");
    expect(
      segmentBaseUrl(segmentConfig.parse({ token: "t", region: "eu", baseUrl: "http://127.0.0.1:9" })),
    ).toBe("http://127.0.0.1:9");
    expect(segmentConfig.safeParse({ token: "t", baseUrl: "http://api.example.com" }).success).toBe(false);
    nock("https://eu1.api.segmentapis.com")
      .get("/")
      .reply(200, { data: { workspace: { id: "ws-eu", slug: "eu", name: "EU" } } });
    const euClient = await segmentConnector.connect(eu, { logger: nullLogger, userAgent: "test" });
    await expect(euClient.workspace()).resolves.toMatchObject({ id: "ws-eu" });
  });

  it("defect 7: functions of all five resourceType values are listed", async () => {
    const s = await start({ size: { functionsPerType: 2 } });
    const synced = await sync(s, true);
    expect(typeOf(synced, "function")).toHaveLength(10);
    const types = s.requests.filter((r) => r.route === "/functions").map((r) => r.query.resourceType);
    expect(new Set(types)).toEqual(
      new Set(["DESTINATION", "INSERT_DESTINATION", "INSERT_SOURCE", "INSERT_TRANSFORMATION", "SOURCE"]),
    );
  });

  it("defect 8: a failed listing is an error (never a page), and every error of the body is reported", async () => {
    const offline = createSegmentClient({ baseUrl: "https://api.segmentapis.com", token: "t" });
    nock("https://api.segmentapis.com")
      .get("/users")
      .query(true)
      .reply(422, {
        errors: [
          { type: "input-validation", message: "first problem", field: "a" },
          { type: "input-validation", message: "second problem", field: "b" },
        ],
      });
    const failure = await offline.listUsers(undefined).catch((error: unknown) => error);
    expect(String(failure)).toMatch(/first problem \(field a\); second problem \(field b\)/);
    expect(describeSegmentError(409, { errors: [{ type: "conflict" }, { message: "also this" }] })).toBe(
      "Segment refused the request (409): conflict; also this",
    );
  });

  it("defect 9: a revoke re-PUTs the other permissions with their labels", async () => {
    const s = await start();
    const synced = await sync(s);
    const user = [...s.state.users.values()].find(
      (u) =>
        u.permissions.some((p) => p.resources.some((r) => (r.labels?.length ?? 0) > 0)) &&
        u.permissions.length > 1,
    );
    if (!user) throw new Error("seed has no user with a labelled permission");
    const victim = user.permissions.find(
      (p) => !p.resources.some((r) => (r.labels?.length ?? 0) > 0) && !p.labels,
    );
    const resource = victim?.resources[0];
    if (!victim || !resource) throw new Error("no unlabelled permission");
    const entitlement =
      resource.type === "WORKSPACE"
        ? `role:${victim.roleId}:member`
        : `${resource.type.toLowerCase()}:${resource.id}:${victim.roleId}`;
    const labelled = structuredClone(
      user.permissions.filter((p) => p.resources.some((r) => (r.labels?.length ?? 0) > 0)),
    );
    expect((await revokeIt(synced, `${entitlement}:user:${user.id}`)).outcome.kind).toBe("revoked");
    const strip = (ps: SimPermission[]) => ps.map(({ policyId: _, ...rest }) => rest);
    expect(
      strip(user.permissions.filter((p) => p.resources.some((r) => (r.labels?.length ?? 0) > 0))),
    ).toEqual(strip(labelled));
  });

  it("defect 10: roleName is never sent in a permission write", async () => {
    // The simulator rejects roleName in inputs with 422 (rejectRoleNameInInput defaults to true).
    const s = await start();
    const synced = await sync(s);
    const held = synced.grants.find(
      (g) => g.id.startsWith("role:") && g.principal?.id?.resourceType === "user" && !g.sources,
    );
    if (!held) throw new Error("no role grant");
    expect((await revokeIt(synced, held.id)).outcome.kind).toBe("revoked");
    expect(s.requests.filter((r) => r.method === "PUT").map((r) => r.status)).toEqual([200]);
    expect(
      toPermissionInput({
        roleId: "r",
        roleName: "Source Admin",
        resources: [{ id: "s", type: "SOURCE", labels: [] }],
      }),
    ).toEqual({ roleId: "r", resources: [{ id: "s", type: "SOURCE" }] });
  });

  it("defect 11: warehouses are named by their given name, never by their type alone; source labels are typed", async () => {
    const s = await start({ size: { warehouses: 12 } });
    const synced = await sync(s);
    const names = typeOf(synced, "warehouse").map((r) => r.displayName);
    expect(
      names.every((name) => !["Snowflake", "BigQuery", "Redshift", "Postgres", "Databricks"].includes(name)),
    ).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const named = [...s.state.warehouses.values()].find((w) => w.settingsName);
    expect(names).toContain(named?.settingsName);
    const labelled = [...s.state.sources.values()][0];
    const source = typeOf(synced, "source").find((r) => r.id?.resource === labelled?.id);
    expect(source?.description).toContain(`${labelled?.labels[0]?.key}:${labelled?.labels[0]?.value}`);
  });

  it("defect 12: revoking a role on one source keeps the same role on other sources and workspace-wide", async () => {
    const s = await start();
    const [user] = s.state.users.values();
    const [a, b] = s.state.sources.keys();
    if (!user || !a || !b) throw new Error("seed too small");
    const admin = s.roleIdByName("Source Admin");
    user.permissions = [
      { policyId: "p1", roleId: admin, resources: [{ id: a, type: "SOURCE" }] },
      { policyId: "p2", roleId: admin, resources: [{ id: b, type: "SOURCE" }] },
      { policyId: "p3", roleId: admin, resources: [{ id: s.state.workspace.id, type: "WORKSPACE" }] },
    ];
    const synced = await sync(s);
    expect((await revokeIt(synced, `source:${a}:${admin}:user:${user.id}`)).outcome.kind).toBe("revoked");
    expect(user.permissions.map((p) => p.resources)).toEqual([
      [{ id: b, type: "SOURCE" }],
      [{ id: s.state.workspace.id, type: "WORKSPACE" }],
    ]);
  });

  it("defect 13: grants on sources, warehouses, functions and spaces point at resources of that type", async () => {
    const s = await start({ size: { users: 60 } });
    const synced = await sync(s);
    const ids = new Map(synced.resources.map((r) => [`${r.id?.resourceType}:${r.id?.resource}`, r]));
    const onTargets = synced.grants.filter((g) =>
      ["source", "warehouse", "function", "space"].includes(g.entitlement?.resource?.id?.resourceType ?? ""),
    );
    const kinds = new Set(onTargets.map((g) => g.entitlement?.resource?.id?.resourceType));
    expect(kinds).toEqual(new Set(["source", "warehouse", "function", "space"]));
    for (const g of onTargets) {
      const target = g.entitlement?.resource?.id;
      expect(ids.has(`${target?.resourceType}:${target?.resource}`), g.id).toBe(true);
    }
  });

  it("defect 14: a label-restricted role is published on its label set, not as the workspace-wide role", async () => {
    const s = await start();
    const [user] = s.state.users.values();
    if (!user) throw new Error("seed too small");
    const admin = s.roleIdByName("Source Admin");
    user.permissions = [
      {
        policyId: "p1",
        roleId: admin,
        resources: [{ id: s.state.workspace.id, type: "WORKSPACE", labels: [{ key: "env", value: "dev" }] }],
      },
    ];
    const synced = await sync(s);
    const mine = synced.grants.filter((g) => g.principal?.id?.resource === user.id).map((g) => g.id);
    expect(mine).toContain(`label:env=dev:${admin}:user:${user.id}`);
    expect(mine).not.toContain(`role:${admin}:member:user:${user.id}`);
  });

  it("defect 15: roles are matched by whole words with the Engage renames, and an unknown role is not hidden", async () => {
    const s = await start({
      extraRoles: [
        {
          name: "Data Steward",
          description: "custom",
          instanceTypes: ["SOURCE", "SPACE"],
          labelScoped: true,
        },
      ],
    });
    const synced = await sync(s);
    const steward = s.roleIdByName("Data Steward");
    const [space] = s.state.spaces.keys();
    const spaceRoles = synced.entitlements
      .filter((e) => e.resource?.id?.resourceType === "space" && e.resource.id.resource === space)
      .map((e) => s.state.roles.get(e.slug)?.name)
      .sort();
    expect(spaceRoles).toEqual(["Data Steward", "Engage User", "Unify Read-only", "Unify and Engage Admin"]);
    const [source] = s.state.sources.keys();
    expect(synced.entitlements.some((e) => e.id === `source:${source}:${steward}`)).toBe(true);
  });

  it("defect 16: the role id comes from the entitlement's structure, whatever its description says", async () => {
    const s = await start();
    const synced = await sync(s);
    const admin = s.roleIdByName("Source Admin");
    const [source] = s.state.sources.keys();
    const [user] = [...s.state.users.values()].filter(
      (u) => !u.permissions.some((p) => p.resources.some((r) => r.id === source)),
    );
    const entitlement = synced.entitlements.find((e) => e.id === `source:${source}:${admin}`);
    const principal = synced.resources.find((r) => r.id?.resource === user?.id);
    if (!entitlement || !principal || !user) throw new Error("missing fixture");
    const misleading = { ...entitlement, description: "Workspace Owner:WORKSPACE:x", displayName: "a:b:c" };
    const outcome = await segmentConnector.resourceTypes
      .find((t) => t.id === "source")
      ?.grant?.(
        client,
        { entitlement: misleading, principal },
        { logger: nullLogger, signal: new AbortController().signal, session: memorySession() },
      );
    expect(outcome?.kind).toBe("granted");
    expect(user.permissions.at(-1)).toMatchObject({
      roleId: admin,
      resources: [{ id: source, type: "SOURCE" }],
    });
  });

  it("defect 17: a grant adds with POST, so another admin's concurrent change survives", async () => {
    const s = await start();
    const synced = await sync(s);
    const roleId = s.roleIdByName("Tracking Plan Read-only");
    const user = [...s.state.users.values()].find((u) => !u.permissions.some((p) => p.roleId === roleId));
    if (!user) throw new Error("seed too small");
    // Another admin adds a permission right after our first read.
    const read = client.getUser.bind(client);
    let reads = 0;
    client.getUser = async (...args) => {
      const result = await read(...args);
      reads += 1;
      if (reads > 1) return result;
      user.permissions.push({
        policyId: "other-admin",
        roleId: s.roleIdByName("Identity Admin"),
        resources: [{ id: s.state.workspace.id, type: "WORKSPACE" }],
      });
      return result;
    };
    expect((await grantIt(synced, `role:${roleId}:member`, "user", user.id)).outcome.kind).toBe("granted");
    expect(user.permissions.some((p) => p.policyId === "other-admin")).toBe(true);
    expect(s.requests.filter((r) => r.method !== "GET").map((r) => r.method)).toEqual(["POST"]);
  });

  it("defect 18: pending invites are synced as invite resources and as group members", async () => {
    const s = await start({ size: { invites: 8, groups: 6 } });
    const synced = await sync(s);
    expect(new Set(typeOf(synced, "invite").map((r) => r.id?.resource))).toEqual(
      new Set([...s.state.invites.values()].map((i) => i.email.toLowerCase())),
    );
    const pending = [...s.state.groups.values()].flatMap((g) =>
      [...g.inviteEmails].map((e) => `group:${g.id}:member:invite:${e.toLowerCase()}`),
    );
    expect(pending.length).toBeGreaterThan(0);
    const ids = new Set(synced.grants.map((g) => g.id));
    for (const id of pending) expect(ids.has(id), id).toBe(true);
  });
});
