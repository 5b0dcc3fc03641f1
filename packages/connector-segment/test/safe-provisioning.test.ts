import { ConnectorError, nullLogger, provisionGrant, provisionRevoke } from "@baton-ts/connector-sdk";
import { type HookReply, onNthRequest, type SimulatorHook } from "@baton-ts/connector-sdk/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SegmentClient } from "../src/client/segment-client.js";
import { segmentConnector } from "../src/connector.js";
import {
  type SegmentSimulator,
  type SimPermission,
  type SimState,
  startSegmentSimulator,
} from "../src/simulator/index.js";
import { simulatorClient, syncSimulator, tempDir } from "./support.js";

// Every case runs on a fresh simulator of the same seeded workspace that the c1z was synced from, so
// the simulator's state is the oracle: after a grant or revoke it must show exactly the intended change.
const SEED = 21;
const SIZE = { users: 30, groups: 6, invites: 6 };
const ALICE_ROLES = [
  "Tracking Plan Admin",
  "Identity Admin",
  "End User Privacy Admin",
  "Warehouse Admin",
  "Source Admin",
];

const roleId = (state: SimState, name: string): string => {
  for (const role of state.roles.values()) if (role.name === name) return role.id;
  throw new Error(`no role ${name}`);
};

/** The cast: alice holds five workspace-wide roles and is in group 0 with bob; an invitee is in group 0. */
const cast = (state: SimState) => {
  const [alice, bob, carol] = [...state.users.values()];
  const [group0, group1] = [...state.groups.values()];
  const [invite0, invite1] = [...state.invites.values()];
  if (!alice || !bob || !carol || !group0 || !group1 || !invite0 || !invite1)
    throw new Error("seed too small");
  return { alice, bob, carol, group0, group1, invite0, invite1 };
};

const prepare = (state: SimState): void => {
  const { alice, bob, group0, group1, invite0 } = cast(state);
  alice.permissions = ALICE_ROLES.map((name, index) => ({
    policyId: `pol_case_${index}`,
    roleId: roleId(state, name),
    resources: [{ id: state.workspace.id, type: "WORKSPACE" }],
  }));
  group0.userIds = new Set([alice.id, bob.id]);
  group0.inviteEmails = new Set([invite0.email]);
  group1.userIds = new Set([bob.id]);
  group1.inviteEmails = new Set();
};

const freshSim = async (): Promise<SegmentSimulator> => {
  const sim = await startSegmentSimulator({ seed: SEED, size: SIZE, iamWriteLimit: false });
  prepare(sim.state);
  return sim;
};

let file: string;
let removeDir: () => void;
let sims: SegmentSimulator[] = [];

beforeAll(async () => {
  const dir = tempDir();
  removeDir = dir.remove;
  const sim = await freshSim();
  try {
    file = (await syncSimulator(sim, dir.path)).file;
  } finally {
    await sim.close();
  }
});
afterAll(() => removeDir());
afterEach(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
  sims = [];
});

const open = async (): Promise<
  { sim: SegmentSimulator; client: SegmentClient } & ReturnType<typeof cast>
> => {
  const sim = await freshSim();
  sims.push(sim);
  return { sim, client: simulatorClient(sim), ...cast(sim.state) };
};

const grantIt = (client: SegmentClient, entitlementId: string, type: string, id: string) =>
  provisionGrant({
    connector: segmentConnector,
    client,
    file,
    entitlementId,
    principal: { type, id },
    provisioning: true,
    logger: nullLogger,
  });

const revokeIt = (client: SegmentClient, grantId: string) =>
  provisionRevoke({
    connector: segmentConnector,
    client,
    file,
    grantId,
    provisioning: true,
    logger: nullLogger,
  });

/** What a subject's permissions grant, as comparable (role, resource, labels) pairs. */
const pairs = (permissions: readonly SimPermission[]): string[] =>
  permissions
    .flatMap((p) =>
      p.resources.map((r) => JSON.stringify([p.roleId, r.type, r.id, r.labels ?? [], p.labels ?? []])),
    )
    .sort();
const workspacePair = (state: SimState, name: string): string =>
  JSON.stringify([roleId(state, name), "WORKSPACE", state.workspace.id, [], []]);

const rateLimited: HookReply = {
  status: 429,
  headers: { "retry-after": "1" },
  body: { errors: [{ type: "RequestError", message: "Too many requests", data: { msBeforeNext: 1000 } }] },
};
const unavailable: HookReply = {
  status: 503,
  body: { errors: [{ type: "internal", message: "try later" }] },
};
const reset: HookReply = { reset: true };

const isPut = (r: { method: string }) => r.method === "PUT";
const writes = (sim: SegmentSimulator) => sim.requests.filter((r) => r.method !== "GET");

describe("another admin changes a principal's permissions between our read and our write", () => {
  const removeThree = (state: SimState) => {
    const { alice } = cast(state);
    const gone = ["Identity Admin", "End User Privacy Admin", "Warehouse Admin"].map((n) => roleId(state, n));
    alice.permissions = alice.permissions.filter((p) => !gone.includes(p.roleId));
  };

  it.each([
    ["with no fault on the write", undefined],
    ["while the PUT gets 429 Retry-After", rateLimited],
    ["while the PUT gets 503", unavailable],
    ["while the PUT's connection is reset", reset],
  ])("a revoke never brings back the roles they removed, %s", async (_name, fault) => {
    const { sim, client, alice } = await open();
    const hook: SimulatorHook =
      fault === undefined
        ? // Right after our first read of the user.
          onNthRequest((r) => r.method === "GET" && r.route === "/users/{userId}", 1, {
            after: () => void removeThree(sim.state),
          })
        : // During the wait the fault causes (the write itself is not applied).
          onNthRequest(isPut, 1, {
            before: () => {
              removeThree(sim.state);
              return fault;
            },
          });
    sim.hooks.push(hook);
    const target = roleId(sim.state, "Tracking Plan Admin");
    const { outcome } = await revokeIt(client, `role:${target}:member:user:${alice.id}`);
    expect(outcome.kind).toBe("revoked");
    expect(pairs(alice.permissions)).toEqual([workspacePair(sim.state, "Source Admin")]);
  });

  it("a revoke whose PUT got a 429 keeps the Workspace Owner role another admin granted meanwhile", async () => {
    const { sim, client, alice } = await open();
    const owner = roleId(sim.state, "Workspace Owner");
    sim.hooks.push(
      onNthRequest(isPut, 1, {
        before: () => {
          alice.permissions.push({
            policyId: "pol_other_admin",
            roleId: owner,
            resources: [{ id: sim.state.workspace.id, type: "WORKSPACE" }],
          });
          return rateLimited;
        },
      }),
    );
    const before = pairs(alice.permissions);
    const target = roleId(sim.state, "Identity Admin");
    expect((await revokeIt(client, `role:${target}:member:user:${alice.id}`)).outcome.kind).toBe("revoked");
    expect(pairs(alice.permissions)).toEqual(
      [
        ...before.filter((p) => p !== workspacePair(sim.state, "Identity Admin")),
        workspacePair(sim.state, "Workspace Owner"),
      ].sort(),
    );
  });

  it("a change right after our write is named in a failure, never reported as revoked", async () => {
    const { sim, client, alice } = await open();
    const owner = roleId(sim.state, "Workspace Owner");
    sim.hooks.push(
      onNthRequest(isPut, 1, {
        after: () => {
          alice.permissions.push({
            policyId: "pol_other_admin",
            roleId: owner,
            resources: [{ id: sim.state.workspace.id, type: "WORKSPACE" }],
          });
          return undefined;
        },
      }),
    );
    const target = roleId(sim.state, "Identity Admin");
    const error = await revokeIt(client, `role:${target}:member:user:${alice.id}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("conflict");
    expect((error as Error).message).toContain(`added: role ${owner} workspace-wide`);
  });
});

describe("a user's address now belongs to someone else", () => {
  /** alice moves to a new address and carol gets alice's old one. */
  const swapAddresses = (state: SimState) => {
    const { alice, carol } = cast(state);
    const old = alice.email;
    alice.email = `moved.${old}`;
    carol.email = old;
  };

  it("a membership revoke removes nobody: not the new holder of the address, not the user", async () => {
    const { sim, client, alice, carol, group0 } = await open();
    swapAddresses(sim.state);
    group0.userIds.add(carol.id);
    const error = await revokeIt(client, `group:${group0.id}:member:user:${alice.id}`).catch(
      (e: unknown) => e,
    );
    expect((error as ConnectorError).code).toBe("failed-precondition");
    expect((error as Error).message).toMatch(
      /had the address .* and has moved\..* now; nothing was changed\. Sync again/,
    );
    expect(group0.userIds.has(alice.id)).toBe(true);
    expect(group0.userIds.has(carol.id)).toBe(true);
    expect(writes(sim)).toEqual([]);
  });

  it("a membership grant adds nobody: not the new holder of the address", async () => {
    const { sim, client, alice, carol, group1 } = await open();
    swapAddresses(sim.state);
    const error = await grantIt(client, `group:${group1.id}:member`, "user", alice.id).catch(
      (e: unknown) => e,
    );
    expect((error as ConnectorError).code).toBe("failed-precondition");
    expect([...group1.userIds]).not.toContain(carol.id);
    expect([...group1.userIds]).not.toContain(alice.id);
    expect(writes(sim)).toEqual([]);
  });

  it("a role revoke of a user whose address changed waits for a sync", async () => {
    const { sim, client, alice } = await open();
    swapAddresses(sim.state);
    const before = pairs(alice.permissions);
    const target = roleId(sim.state, "Identity Admin");
    await expect(revokeIt(client, `role:${target}:member:user:${alice.id}`)).rejects.toThrow(/Sync again/);
    expect(pairs(alice.permissions)).toEqual(before);
  });

  it("a grant to a user who left the workspace is refused, a revoke is already done", async () => {
    const { sim, client, alice, group1 } = await open();
    sim.state.users.delete(alice.id);
    for (const group of sim.state.groups.values()) group.userIds.delete(alice.id);
    await expect(grantIt(client, `group:${group1.id}:member`, "user", alice.id)).rejects.toThrow(
      /no longer exists in Segment; nothing was changed/,
    );
    const target = roleId(sim.state, "Identity Admin");
    expect((await revokeIt(client, `role:${target}:member:user:${alice.id}`)).outcome.kind).toBe(
      "already-revoked",
    );
    expect(writes(sim)).toEqual([]);
  });
});

describe("an invite accepted after the sync", () => {
  it("revoking its group membership is refused, naming the user's grant; the person stays in the group", async () => {
    const { sim, client, group0, invite0 } = await open();
    const joined = sim.acceptInvite(invite0.email);
    expect(group0.userIds.has(joined.id)).toBe(true);
    const error = await revokeIt(
      client,
      `group:${group0.id}:member:invite:${invite0.email.toLowerCase()}`,
    ).catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("failed-precondition");
    expect((error as Error).message).toContain(`revoke group:${group0.id}:member:user:${joined.id} instead`);
    expect(group0.userIds.has(joined.id)).toBe(true);
    expect(writes(sim)).toEqual([]);
  });

  it("granting a group to it is refused", async () => {
    const { sim, client, group1, invite1 } = await open();
    sim.acceptInvite(invite1.email);
    await expect(
      grantIt(client, `group:${group1.id}:member`, "invite", invite1.email.toLowerCase()),
    ).rejects.toThrow(/no longer pending/);
    expect(writes(sim)).toEqual([]);
  });

  it("a withdrawn invite that nobody holds any more is already revoked", async () => {
    const { sim, client, group0, invite0 } = await open();
    sim.state.invites.delete(invite0.email.toLowerCase());
    group0.inviteEmails.delete(invite0.email);
    const id = `group:${group0.id}:member:invite:${invite0.email.toLowerCase()}`;
    expect((await revokeIt(client, id)).outcome.kind).toBe("already-revoked");
  });
});

/** One grant or revoke, with what the simulator must show afterwards. */
interface Operation {
  readonly name: string;
  readonly run: (client: SegmentClient, sim: SegmentSimulator) => Promise<{ outcome: { kind: string } }>;
  readonly success: string;
  /** The part of the state the operation changes, read from the simulator. */
  readonly observe: (sim: SegmentSimulator) => unknown;
  /** What `observe` must return afterwards, computed from the state before. */
  readonly expected: (sim: SegmentSimulator) => unknown;
}

const groupMembers = (sim: SegmentSimulator, groupId: string) => {
  const group = sim.state.groups.get(groupId);
  return { users: [...(group?.userIds ?? [])].sort(), invites: [...(group?.inviteEmails ?? [])].sort() };
};

const operations: readonly Operation[] = [
  {
    name: "grant of a workspace-wide role (POST)",
    run: (client, sim) =>
      grantIt(
        client,
        `role:${roleId(sim.state, "Workspace Member")}:member`,
        "user",
        cast(sim.state).alice.id,
      ),
    success: "granted",
    observe: (sim) => pairs(cast(sim.state).alice.permissions),
    expected: (sim) =>
      [...pairs(cast(sim.state).alice.permissions), workspacePair(sim.state, "Workspace Member")].sort(),
  },
  {
    name: "revoke of a workspace-wide role (PUT)",
    run: (client, sim) =>
      revokeIt(client, `role:${roleId(sim.state, "Identity Admin")}:member:user:${cast(sim.state).alice.id}`),
    success: "revoked",
    observe: (sim) => pairs(cast(sim.state).alice.permissions),
    expected: (sim) =>
      pairs(cast(sim.state).alice.permissions).filter(
        (p) => p !== workspacePair(sim.state, "Identity Admin"),
      ),
  },
  {
    name: "grant of a group to a user (POST member)",
    run: (client, sim) =>
      grantIt(client, `group:${cast(sim.state).group1.id}:member`, "user", cast(sim.state).alice.id),
    success: "granted",
    observe: (sim) => groupMembers(sim, cast(sim.state).group1.id),
    expected: (sim) => {
      const now = groupMembers(sim, cast(sim.state).group1.id);
      return { ...now, users: [...now.users, cast(sim.state).alice.id].sort() };
    },
  },
  {
    name: "revoke of a group from an invite (DELETE member)",
    run: (client, sim) => {
      const { group0, invite0 } = cast(sim.state);
      return revokeIt(client, `group:${group0.id}:member:invite:${invite0.email.toLowerCase()}`);
    },
    success: "revoked",
    observe: (sim) => groupMembers(sim, cast(sim.state).group0.id),
    expected: (sim) => ({ ...groupMembers(sim, cast(sim.state).group0.id), invites: [] }),
  },
];

const FAULTS: readonly [string, SimulatorHook][] = [
  ["429 before it is handled", { before: () => ({ ...rateLimited, headers: { "retry-after": "0" } }) }],
  ["503 before it is handled", { before: () => unavailable }],
  ["reset before it is handled", { before: () => reset }],
  ["503 after it was applied", { after: () => unavailable }],
  ["reset after it was applied", { after: () => reset }],
];

describe("a fault at every step of a grant and of a revoke", () => {
  for (const operation of operations) {
    it(`${operation.name}: each request failing each way still ends in exactly the change`, async () => {
      const clean = await open();
      const steps = await (async () => {
        const expected = operation.expected(clean.sim);
        expect((await operation.run(clean.client, clean.sim)).outcome.kind).toBe(operation.success);
        expect(operation.observe(clean.sim)).toEqual(expected);
        return clean.sim.requests.length;
      })();
      expect(steps).toBeGreaterThan(1);
      for (let step = 1; step <= steps; step++) {
        for (const [faultName, fault] of FAULTS) {
          const { sim, client } = await open();
          sim.hooks.push(onNthRequest(() => true, step, fault));
          const expected = operation.expected(sim);
          const result = await operation.run(client, sim).catch((e: unknown) => e);
          const hit = sim.requests[step - 1];
          const where = `request ${step} of ${steps} (${hit?.method} ${hit?.route}), ${faultName}`;
          expect([429, 503, 0], `${where}: the fault was injected`).toContain(hit?.status);
          expect(result, where).toMatchObject({ outcome: { kind: operation.success } });
          expect(operation.observe(sim), where).toEqual(expected);
        }
      }
    });
  }
});
