import { join } from "node:path";
import { ConnectorError, nullLogger, provisionGrant, provisionRevoke } from "@baton-ts/connector-sdk";
import { type HookReply, onNthRequest, type SimulatorHook } from "@baton-ts/connector-sdk/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SentinelOneClient, sentineloneConnector } from "../src/index.js";
import {
  type SentinelOneSimulator,
  type SimState,
  type SimUser,
  startSentinelOneSimulator,
} from "../src/simulator/index.js";
import { clientFor, syncAndRead, tempDir } from "./support.js";

// Every case runs on a fresh simulator of the same seeded tenant that the c1z was synced from, so the
// simulator's state is the oracle: after a grant or revoke it must show exactly the intended change.
const OPTIONS = {
  seed: 33,
  accounts: 2,
  sites: 10,
  users: 30,
  serviceUsers: 6,
  roles: 10,
  now: Date.parse("2026-01-15T00:00:00Z"),
};

/** The cast: a site user holding Viewer at three sites of one account, and a fourth site of that account. */
const cast = (state: SimState) => {
  const viewer = state.roles.all().find((role) => role.name === "Viewer")?.id;
  const admin = state.roles.all().find((role) => role.name === "Admin")?.id;
  const byAccount = Map.groupBy(state.sites.all(), (site) => site.accountId);
  const sites = [...byAccount.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const user = state.users.all().find((u) => u.scope === "site");
  const [s1, s2, s3, s4] = sites;
  if (!viewer || !admin || !user || !s1 || !s2 || !s3 || !s4) throw new Error("seed too small");
  return { viewer, admin, user, s1: s1.id, s2: s2.id, s3: s3.id, s4: s4.id };
};

const prepare = (state: SimState): void => {
  const { viewer, user, s1, s2, s3 } = cast(state);
  state.users.put({ ...user, scopeRoles: [s1, s2, s3].map((id) => ({ id, roleId: viewer })) });
};

const freshSim = async (): Promise<SentinelOneSimulator> => {
  const sim = await startSentinelOneSimulator(OPTIONS);
  prepare(sim.state);
  return sim;
};

let file: string;
let cleanup: () => Promise<void>;
let sims: SentinelOneSimulator[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir());
  file = join(dir, "sync.c1z");
  const sim = await freshSim();
  try {
    await syncAndRead(clientFor(sim), file);
  } finally {
    await sim.close();
  }
});
afterAll(() => cleanup());
afterEach(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
  sims = [];
});

const open = async () => {
  const sim = await freshSim();
  sims.push(sim);
  return { sim, client: clientFor(sim), ...cast(sim.state) };
};

const grantTo = (client: SentinelOneClient, entitlementId: string, type: string, id: string) =>
  provisionGrant({
    connector: sentineloneConnector,
    client,
    file,
    entitlementId,
    principal: { type, id },
    provisioning: true,
    logger: nullLogger,
  });
const revoke = (client: SentinelOneClient, grantId: string) =>
  provisionRevoke({
    connector: sentineloneConnector,
    client,
    file,
    grantId,
    provisioning: true,
    logger: nullLogger,
  });

const rolesOf = (sim: SentinelOneSimulator, id: string) =>
  (sim.state.users.get(id)?.scopeRoles ?? []).map((entry) => `${entry.id}:${entry.roleId}`).sort();
const entries = (...pairs: [string, string][]) => pairs.map(([site, role]) => `${site}:${role}`).sort();

/** Another admin edits the user's roles directly in the tenant. */
const edit = (sim: SentinelOneSimulator, id: string, change: (user: SimUser) => SimUser["scopeRoles"]) => {
  const user = sim.state.users.get(id);
  if (user) sim.state.users.put({ ...user, scopeRoles: change(user) });
};

const rateLimited: HookReply = { status: 429, headers: { "retry-after": "1" }, body: { errors: [] } };
const unavailable: HookReply = {
  status: 503,
  body: {
    errors: [
      { code: 5000010, detail: "Server could not process the request.", title: "Internal server error" },
    ],
  },
};
const reset: HookReply = { reset: true };
const isPut = (r: { method: string }) => r.method === "PUT";
const puts = (sim: SentinelOneSimulator) => sim.requestLog.filter((e) => e.method === "PUT").length;

describe("another admin changes the principal's roles between our read and our write", () => {
  it.each([
    ["with no fault on the write", undefined],
    ["while the PUT gets 429 Retry-After", rateLimited],
    ["while the PUT gets 503", unavailable],
    ["while the PUT's connection is reset", reset],
  ])("a grant of one site role never restores the two they removed, %s", async (_name, fault) => {
    const { sim, client, user, viewer, s1, s2, s3, s4 } = await open();
    const removeTwo = () => edit(sim, user.id, (u) => u.scopeRoles.filter((e) => e.id !== s2 && e.id !== s3));
    const hook: SimulatorHook =
      fault === undefined
        ? onNthRequest((r) => r.method === "GET" && r.route === "/users/{id}", 1, {
            after: () => void removeTwo(),
          })
        : onNthRequest(isPut, 1, {
            before: () => {
              removeTwo();
              return fault;
            },
          });
    sim.hooks.push(hook);
    const { outcome } = await grantTo(client, `site:${s4}:${viewer}`, "user", user.id);
    expect(outcome.kind).toBe("granted");
    expect(rolesOf(sim, user.id)).toEqual(entries([s1, viewer], [s4, viewer]));
  });

  it("a revoke whose PUT got a 429 keeps the role another admin granted during the wait", async () => {
    const { sim, client, user, viewer, admin, s1, s2, s3, s4 } = await open();
    sim.hooks.push(
      onNthRequest(isPut, 1, {
        before: () => {
          edit(sim, user.id, (u) => [...u.scopeRoles, { id: s4, roleId: admin }]);
          return rateLimited;
        },
      }),
    );
    expect((await revoke(client, `site:${s1}:${viewer}:user:${user.id}`)).outcome.kind).toBe("revoked");
    expect(rolesOf(sim, user.id)).toEqual(entries([s2, viewer], [s3, viewer], [s4, admin]));
  });

  it("a change right after our write is named in a failure, never reported as granted", async () => {
    const { sim, client, user, viewer, admin, s4 } = await open();
    sim.hooks.push(
      onNthRequest(isPut, 1, {
        after: () => {
          edit(sim, user.id, (u) => u.scopeRoles.map((e) => (e.id === s4 ? e : { ...e, roleId: admin })));
          return undefined;
        },
      }),
    );
    const error = await grantTo(client, `site:${s4}:${viewer}`, "user", user.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("conflict");
    expect((error as Error).message).toMatch(
      /was written, but reading it back shows .*added: role \d+ at \d+/,
    );
  });
});

describe("the principal is no longer who the sync saw", () => {
  it("a user whose email changed is left alone until a sync", async () => {
    const { sim, client, user, viewer, s1, s4 } = await open();
    const live = sim.state.users.get(user.id);
    if (live) sim.state.users.put({ ...live, email: `someone.else.${live.email}` });
    const before = rolesOf(sim, user.id);
    await expect(grantTo(client, `site:${s4}:${viewer}`, "user", user.id)).rejects.toThrow(
      /at the last sync and is someone\.else\..* now; nothing was changed\. Sync again/,
    );
    await expect(revoke(client, `site:${s1}:${viewer}:user:${user.id}`)).rejects.toThrow(/Sync again/);
    expect(rolesOf(sim, user.id)).toEqual(before);
    expect(puts(sim)).toBe(0);
  });

  it("a deleted user: a grant is refused, a revoke is already done (nothing of theirs is left)", async () => {
    const { sim, client, user, viewer, s1, s4 } = await open();
    sim.state.users.delete(user.id);
    await expect(grantTo(client, `site:${s4}:${viewer}`, "user", user.id)).rejects.toThrow(
      /no longer exists/,
    );
    expect((await revoke(client, `site:${s1}:${viewer}:user:${user.id}`)).outcome.kind).toBe(
      "already-revoked",
    );
    expect(puts(sim)).toBe(0);
  });
});

const FAULTS: readonly [string, SimulatorHook][] = [
  ["429 before it is handled", { before: () => ({ ...rateLimited, headers: { "retry-after": "0" } }) }],
  ["503 before it is handled", { before: () => unavailable }],
  ["reset before it is handled", { before: () => reset }],
  ["503 after it was applied", { after: () => unavailable }],
  ["reset after it was applied", { after: () => reset }],
];

describe("a fault at every step of a grant and of a revoke", () => {
  const operations = [
    {
      name: "grant of a site role",
      run: (client: SentinelOneClient, c: ReturnType<typeof cast>) =>
        grantTo(client, `site:${c.s4}:${c.viewer}`, "user", c.user.id),
      success: "granted",
      expected: (c: ReturnType<typeof cast>) =>
        entries([c.s1, c.viewer], [c.s2, c.viewer], [c.s3, c.viewer], [c.s4, c.viewer]),
    },
    {
      name: "revoke of a site role",
      run: (client: SentinelOneClient, c: ReturnType<typeof cast>) =>
        revoke(client, `site:${c.s2}:${c.viewer}:user:${c.user.id}`),
      success: "revoked",
      expected: (c: ReturnType<typeof cast>) => entries([c.s1, c.viewer], [c.s3, c.viewer]),
    },
  ];

  for (const operation of operations) {
    it(`${operation.name}: each request failing each way still ends in exactly the change`, async () => {
      const clean = await open();
      expect((await operation.run(clean.client, clean)).outcome.kind).toBe(operation.success);
      expect(rolesOf(clean.sim, clean.user.id)).toEqual(operation.expected(clean));
      const steps = clean.sim.requestLog.length;
      expect(steps).toBeGreaterThan(1);
      for (let step = 1; step <= steps; step++) {
        for (const [faultName, fault] of FAULTS) {
          const c = await open();
          c.sim.hooks.push(onNthRequest(() => true, step, fault));
          const result = await operation.run(c.client, c).catch((e: unknown) => e);
          const hit = c.sim.requestLog[step - 1];
          const where = `request ${step} of ${steps} (${hit?.method} ${hit?.route}), ${faultName}`;
          expect([429, 503, 0], `${where}: the fault was injected`).toContain(hit?.status);
          expect(result, where).toMatchObject({ outcome: { kind: operation.success } });
          expect(rolesOf(c.sim, c.user.id), where).toEqual(operation.expected(c));
        }
      }
    });
  }
});
