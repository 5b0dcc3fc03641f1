import { afterEach, describe, expect, it } from "vitest";
import { seedWorkspace } from "./seed.js";
import { type SegmentSimulator, type SegmentSimulatorOptions, startSegmentSimulator } from "./server.js";

let sim: SegmentSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const start = async (options: SegmentSimulatorOptions = {}): Promise<SegmentSimulator> => {
  sim = await startSegmentSimulator({ iamWriteLimit: false, ...options });
  return sim;
};

const call = async (
  s: SegmentSimulator,
  method: string,
  path: string,
  body?: unknown,
  token = s.token,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> => {
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
};

const data = (json: Record<string, unknown>) => json.data as Record<string, unknown>;

describe("seeded workspace", () => {
  it("is the same for the same seed and differs for another", () => {
    const serialise = (seed: number) =>
      JSON.stringify(seedWorkspace({ seed, size: { users: 40 } }), (_, v) =>
        v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v,
      );
    expect(serialise(7)).toBe(serialise(7));
    expect(serialise(7)).not.toBe(serialise(8));
  });

  it("scales to the requested size with unique emails and every permission form", () => {
    const state = seedWorkspace({ seed: 3, size: { users: 2000, groups: 50, sources: 300 } });
    expect(state.users.size).toBe(2000);
    expect(state.groups.size).toBe(50);
    expect(state.sources.size).toBe(300);
    const emails = [...state.users.values()].map((u) => u.email);
    expect(new Set(emails).size).toBe(emails.length);
    const all = [...state.users.values()].flatMap((u) => u.permissions);
    expect(all.some((p) => p.resources.length > 1)).toBe(true);
    expect(
      all.some((p) => p.resources.some((r) => r.type === "WORKSPACE" && (r.labels?.length ?? 0) > 0)),
    ).toBe(true);
    expect(all.some((p) => (p.labels?.length ?? 0) > 0)).toBe(true);
    for (const type of ["SOURCE", "WAREHOUSE", "FUNCTION", "SPACE"]) {
      expect(all.some((p) => p.resources.some((r) => r.type === type))).toBe(true);
    }
    expect(new Set([...state.functions.values()].map((f) => f.resourceType)).size).toBe(5);
  });
});

describe("HTTP behaviour", () => {
  it("rejects a wrong token with 401 and an errors envelope", async () => {
    const s = await start();
    const response = await call(s, "GET", "/", undefined, "wrong");
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ errors: [expect.objectContaining({ type: "unauthorized" })] });
    expect(response.json.data).toBeUndefined();
  });

  it("pages with the dot and the bracket parameter styles alike", async () => {
    const s = await start({ size: { users: 5 } });
    const dot = await call(s, "GET", "/users?pagination.count=2");
    const bracket = await call(s, "GET", "/users?pagination%5Bcount%5D=2");
    expect(data(dot.json)).toEqual(data(bracket.json));
    const pagination = data(dot.json).pagination as Record<string, unknown>;
    expect(pagination).toMatchObject({ current: "MA==", next: "Mg==", previous: null, totalEntries: 5 });
    const last = await call(s, "GET", "/users?pagination[count]=2&pagination[cursor]=NA==");
    expect((data(last.json).users as unknown[]).length).toBe(1);
    expect((data(last.json).pagination as Record<string, unknown>).next).toBeNull();
  });

  it("can end the last page with next absent or empty", async () => {
    const absent = await start({ size: { users: 1 }, lastPageNext: "absent" });
    const page = data((await call(absent, "GET", "/users?pagination.count=5")).json).pagination as object;
    expect("next" in page).toBe(false);
    absent.settings.lastPageNext = "empty";
    const empty = data((await call(absent, "GET", "/users?pagination.count=5")).json).pagination as object;
    expect(empty).toMatchObject({ next: "" });
  });

  it("answers a count over the limit and a forged cursor with 422", async () => {
    const s = await start();
    expect((await call(s, "GET", "/users?pagination.count=1001")).status).toBe(422);
    const forged = await call(s, "GET", "/users?pagination.count=2&pagination.cursor=bm9wZQ==");
    expect(forged.status).toBe(422);
    expect(forged.json).toEqual({ errors: [expect.objectContaining({ field: "pagination.cursor" })] });
  });

  it("leaves permissions out of the user list unless switched on, and always has them in GET /users/{id}", async () => {
    const s = await start({ size: { users: 3 } });
    const listed = data((await call(s, "GET", "/users")).json).users as Record<string, unknown>[];
    expect(listed[0]).not.toHaveProperty("permissions");
    const one = data((await call(s, "GET", `/users/${listed[0]?.id}`)).json).user as Record<string, unknown>;
    expect(one.permissions).toEqual(expect.any(Array));
    s.settings.listIncludesPermissions = true;
    const withPermissions = data((await call(s, "GET", "/users")).json).users as Record<string, unknown>[];
    expect(withPermissions[0]?.permissions).toEqual(one.permissions);
  });

  it("returns a group under userGroup", async () => {
    const s = await start();
    const [group] = s.state.groups.values();
    const response = await call(s, "GET", `/groups/${group?.id}`);
    expect(data(response.json)).toHaveProperty("userGroup.id", group?.id);
    expect(data(response.json)).not.toHaveProperty("group");
  });

  it("removes members only through the singular /group/ path with a plain emails parameter", async () => {
    const s = await start();
    const [group] = s.state.groups.values();
    if (!group) throw new Error("seed has no group");
    const [memberId] = group.userIds;
    const email = s.state.users.get(memberId ?? "")?.email ?? "";
    expect(
      (await call(s, "DELETE", `/groups/${group.id}/users?emails=${encodeURIComponent(email)}`)).status,
    ).toBe(404);
    const json = encodeURIComponent(JSON.stringify([email]));
    expect((await call(s, "DELETE", `/group/${group.id}/users?emails=${json}`)).status).toBe(422);
    expect(group.userIds.has(memberId ?? "")).toBe(true);
    const removed = await call(s, "DELETE", `/group/${group.id}/users?emails=${encodeURIComponent(email)}`);
    expect(removed).toMatchObject({ status: 200, json: { data: { status: "SUCCESS" } } });
    expect(group.userIds.has(memberId ?? "")).toBe(false);
  });

  it("accepts the Go SDK's emails.0 form and adds pending invitees by email", async () => {
    const s = await start();
    const [group] = s.state.groups.values();
    const [invite] = s.state.invites.values();
    if (!group || !invite) throw new Error("seed too small");
    group.inviteEmails.delete(invite.email);
    const added = await call(s, "POST", `/groups/${group.id}/users`, {
      emails: [invite.email.toUpperCase()],
    });
    expect(added.status).toBe(200);
    expect(group.inviteEmails.has(invite.email)).toBe(true);
    await call(s, "DELETE", `/group/${group.id}/users?emails.0=${encodeURIComponent(invite.email)}`);
    expect(group.inviteEmails.has(invite.email)).toBe(false);
  });

  it("adds permissions with POST, replaces them with PUT and keeps labels", async () => {
    const s = await start();
    const [user] = s.state.users.values();
    if (!user) throw new Error("seed has no user");
    const sourceAdmin = s.roleIdByName("Source Admin");
    const before = user.permissions.length;
    const labelled = {
      roleId: sourceAdmin,
      resources: [{ id: s.state.workspace.id, type: "WORKSPACE", labels: [{ key: "env", value: "prod" }] }],
    };
    const posted = await call(s, "POST", `/users/${user.id}/permissions`, { permissions: [labelled] });
    expect(posted.status).toBe(200);
    expect(user.permissions).toHaveLength(before + 1);
    // POSTing the same policy again adds nothing.
    await call(s, "POST", `/users/${user.id}/permissions`, { permissions: [labelled] });
    expect(user.permissions).toHaveLength(before + 1);
    const put = await call(s, "PUT", `/users/${user.id}/permissions`, { permissions: [labelled] });
    expect(put.status).toBe(200);
    expect(user.permissions).toEqual([
      expect.objectContaining({ roleId: sourceAdmin, resources: labelled.resources }),
    ]);
  });

  it("validates permission inputs like the service: roleName, unknown targets, role scopes, label placement", async () => {
    const s = await start();
    const [user] = s.state.users.values();
    const [source] = s.state.sources.values();
    const ws = s.state.workspace.id;
    const post = (permission: unknown) =>
      call(s, "POST", `/users/${user?.id}/permissions`, { permissions: [permission] });
    const withName = await post({
      roleId: s.roleIdByName("Source Admin"),
      roleName: "Source Admin",
      resources: [{ id: ws, type: "WORKSPACE" }],
    });
    expect(withName.status).toBe(422);
    expect(withName.json).toEqual({
      errors: [expect.objectContaining({ field: "permissions[0].roleName" })],
    });
    expect(
      (await post({ roleId: s.roleIdByName("Source Admin"), resources: [{ id: "nope", type: "SOURCE" }] }))
        .status,
    ).toBe(422);
    expect(
      (
        await post({
          roleId: s.roleIdByName("Workspace Owner"),
          resources: [{ id: source?.id, type: "SOURCE" }],
        })
      ).status,
    ).toBe(422);
    const labelOnSource = await post({
      roleId: s.roleIdByName("Source Admin"),
      resources: [{ id: source?.id, type: "SOURCE", labels: [{ key: "env", value: "prod" }] }],
    });
    expect(labelOnSource.status).toBe(422);
  });

  it("creates labels and refuses to delete one in use", async () => {
    const s = await start();
    expect((await call(s, "POST", "/labels", { label: { key: "tier", value: "gold" } })).status).toBe(201);
    expect((await call(s, "DELETE", "/labels/env/prod")).status).toBe(422);
    expect((await call(s, "DELETE", "/labels/tier/gold")).status).toBe(200);
    expect(s.state.labels.some((l) => l.key === "tier")).toBe(false);
  });

  it("answers a missing feature with an error and requires resourceType on /functions", async () => {
    const s = await start({ features: { spaces: false } });
    expect((await call(s, "GET", "/spaces")).status).toBe(403);
    expect((await call(s, "GET", "/functions")).status).toBe(422);
    const insertSource = await call(s, "GET", "/functions?resourceType=INSERT_SOURCE");
    const functions = data(insertSource.json).functions as { resourceType: string }[];
    expect(functions.length).toBeGreaterThan(0);
    expect(functions.every((f) => f.resourceType === "INSERT_SOURCE")).toBe(true);
  });

  it("limits requests with the real 429 body and RFC 5322 reset header", async () => {
    const s = await start({ rateLimit: { points: 2, windowMs: 60_000 } });
    await call(s, "GET", "/");
    const second = await call(s, "GET", "/");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");
    const limited = await call(s, "GET", "/");
    expect(limited.status).toBe(429);
    expect(Number.isNaN(Date.parse(limited.headers.get("x-ratelimit-reset") ?? ""))).toBe(false);
    expect(limited.headers.get("retry-after")).toBeNull();
    const [error] = (limited.json.errors ?? []) as {
      data: { msBeforeNext: number; remainingPoints: number };
    }[];
    expect(error?.data.remainingPoints).toBe(0);
    expect(error?.data.msBeforeNext).toBeGreaterThan(0);
  });

  it("limits IAM writes to 60 per minute by default and logs every request", async () => {
    const s = await start({ iamWriteLimit: undefined });
    const [group] = s.state.groups.values();
    for (let i = 0; i < 60; i++)
      expect((await call(s, "PATCH", `/groups/${group?.id}`, { name: `g${i}` })).status).toBe(200);
    expect((await call(s, "PATCH", `/groups/${group?.id}`, { name: "one too many" })).status).toBe(429);
    expect((await call(s, "GET", `/groups/${group?.id}`)).status).toBe(200);
    expect(s.calls()).toEqual({ "PATCH /groups/{userGroupId}": 61, "GET /groups/{userGroupId}": 1 });
  });
});
