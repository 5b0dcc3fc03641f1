import { existsSync } from "node:fs";
import { join } from "node:path";
import { grantIdOf, LeaseStore } from "@baton-ts/connector-sdk";
import { ExitCode } from "@baton-ts/connector-sdk/cli";
import { programRunner, startProgram } from "@baton-ts/connector-sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SegmentSimulator,
  type SimGroup,
  type SimUser,
  startSegmentSimulator,
} from "../src/simulator/index.js";
import { type SyncedWorkspace, syncSimulator, tempDir } from "./support.js";

const BIN = new URL("../dist/bin/baton-segment.js", import.meta.url);
const runCli = programRunner(BIN);
const TOKEN = "seg-lease-token-3a4b5c6d";

let sim: SegmentSimulator;
let synced: SyncedWorkspace;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  sim = await startSegmentSimulator({
    seed: 23,
    token: TOKEN,
    size: { users: 24, groups: 4, invites: 1 },
    iamWriteLimit: false,
  });
  dir = tempDir();
  synced = await syncSimulator(sim, dir.path);
});
afterAll(async () => {
  await sim.close();
  dir.remove();
});

const programEnv = () => ({ BATON_TOKEN: TOKEN, BATON_BASE_URL: sim.url });

/** A group and a user who is not in it yet (each test takes its own pair). */
let taken = 0;
const freshPair = (): { group: SimGroup; user: SimUser; entitlement: string; grantId: string } => {
  const groups = [...sim.state.groups.values()];
  for (const user of [...sim.state.users.values()].slice(taken)) {
    taken += 1;
    const group = groups.find((candidate) => !candidate.userIds.has(user.id));
    if (group !== undefined) {
      const entitlement = `group:${group.id}:member`;
      return { group, user, entitlement, grantId: grantIdOf(entitlement, "user", user.id) };
    }
  }
  throw new Error("seed too small");
};

/** A one-shot grant under a lease; without `store`, the lease store is the default next to the c1z. */
const grantArgs = (pair: ReturnType<typeof freshPair>, store: string | undefined, duration: string) => [
  "-p",
  "-f",
  synced.file,
  ...(store === undefined ? [] : ["--lease-store", store]),
  "--grant-entitlement",
  pair.entitlement,
  "--grant-principal-type",
  "user",
  "--grant-principal",
  pair.user.id,
  "--grant-duration",
  duration,
];

const withStore = <T>(path: string, read: (store: LeaseStore) => T): T => {
  const store = LeaseStore.open(path);
  try {
    return read(store);
  } finally {
    store.close();
  }
};

/** The invariant a kill must never break: access this program granted always has an open lease. */
const accessHasLease = (pair: ReturnType<typeof freshPair>, store: string): boolean =>
  !pair.group.userIds.has(pair.user.id) ||
  (existsSync(store) && withStore(store, (s) => s.openLeaseFor(pair.grantId) !== undefined));

describe("time-bound grants (the built program against the Segment simulator)", () => {
  it("leases a grant, lists it, extends it, and ends it in a later process once due", async () => {
    const store = join(dir.path, "restart.leases.db");
    const long = freshPair();
    const short = freshPair();

    const granted = await runCli(
      [...grantArgs(long, store, "2h"), "--grant-reason", "INC-42 on call"],
      programEnv(),
    );
    expect(granted.code, granted.stderr).toBe(ExitCode.ok);
    // "in 2h", or a little less when the grant itself took over a second (a busy machine): the lease's end is
    // fixed when the grant starts.
    expect(granted.stdout).toMatch(/^Granted .*\nLease 1 opened: ends \S+Z \(in (2h|1h5\dm\d+s)\); kept in /);
    expect(long.group.userIds.has(long.user.id)).toBe(true);

    const again = await runCli(grantArgs(long, store, "3h"), programEnv());
    expect(again.stdout).toMatch(/^Already granted: .*\nLease 1 extended: ends \S+Z \(in (3h|2h5\dm\d+s)\)/);

    const shortGrant = await runCli(grantArgs(short, store, "1ms"), programEnv());
    expect(shortGrant.code, shortGrant.stderr).toBe(ExitCode.ok);
    expect(short.group.userIds.has(short.user.id)).toBe(true);

    // `leases` needs no credentials: it reads the store only.
    const listed = await runCli(["leases", "-f", synced.file, "--lease-store", store], {});
    expect(listed.code, listed.stderr).toBe(ExitCode.ok);
    expect(listed.stdout).toContain("2 open leases in");
    expect(listed.stdout).toMatch(
      new RegExp(`${short.grantId} +\\S+Z \\(due: 'leases expire' revokes it\\)`),
    );
    expect(listed.stdout).toMatch(
      new RegExp(`${long.grantId} +\\S+Z \\(in 2h5\\dm\\d+s\\) +\\S+Z +INC-42 on call`),
    );

    // Another process, later: only the due lease ends, and only after the connector confirmed it.
    const expired = await runCli(
      ["leases", "expire", "-f", synced.file, "--lease-store", store],
      programEnv(),
    );
    expect(expired.code, expired.stderr).toBe(ExitCode.ok);
    expect(expired.stdout).toBe(
      `Revoked ${short.grantId} (lease 2 expired)\n1 expired lease closed; 1 still open in ${store}\n`,
    );
    expect(short.group.userIds.has(short.user.id)).toBe(false);
    expect(long.group.userIds.has(long.user.id)).toBe(true);
    withStore(store, (s) => {
      expect(s.open().map((lease) => lease.grantId)).toEqual([long.grantId]);
      expect(s.get(2)).toMatchObject({ state: "closed", closedAs: "expired" });
    });

    // Nothing else is due: a second run changes nothing.
    const idle = await runCli(["leases", "expire", "-f", synced.file, "--lease-store", store], programEnv());
    expect(idle.stdout).toBe(`0 expired leases closed; 1 still open in ${store}\n`);
  });

  it("a revoke closes the grant's lease; a grant of access held outside any lease opens none", async () => {
    const store = join(dir.path, "sync.leases.db"); // the default next to --file
    const pair = freshPair();
    expect((await runCli(grantArgs(pair, undefined, "1h"), programEnv())).code).toBe(ExitCode.ok);
    expect(withStore(store, (s) => s.openLeaseFor(pair.grantId))).toBeDefined();
    const revoked = await runCli(["-p", "-f", synced.file, "--revoke-grant", pair.grantId], programEnv());
    expect(revoked.code, revoked.stderr).toBe(ExitCode.ok);
    expect(revoked.stdout).toMatch(/^Revoked .*\nLease \d+ closed \(revoked before it expired\)\n$/);
    expect(withStore(store, (s) => s.all().find((lease) => lease.grantId === pair.grantId))).toMatchObject({
      closedAs: "revoked",
    });

    const held = [...pair.group.userIds][0];
    if (held === undefined) throw new Error("seed too small");
    const heldBefore = await runCli(
      [
        "-p",
        "-f",
        synced.file,
        "--grant-entitlement",
        pair.entitlement,
        "--grant-principal-type",
        "user",
        "--grant-principal",
        held,
        "--grant-duration",
        "1ms",
      ],
      programEnv(),
    );
    expect(heldBefore.stdout).toMatch(
      /^Already granted: .*\nNo lease: the principal already held this entitlement outside any lease/,
    );
    const expire = await runCli(["leases", "expire", "-f", synced.file], programEnv());
    expect(expire.stdout).toMatch(/^0 expired leases closed/);
    expect(pair.group.userIds.has(held)).toBe(true);
  });

  it("kill -9 between the grant and the lease's confirmation: the access still ends when due", async () => {
    const store = join(dir.path, "kill-grant.leases.db");
    const pair = freshPair();
    const running = startProgram(BIN, grantArgs(pair, store, "1ms"), programEnv());
    sim.hooks.push({
      after: (request) => {
        if (request.method !== "POST") return undefined;
        // The write is applied; the program dies before it hears back.
        running.child.kill("SIGKILL");
        return { reset: true };
      },
    });
    try {
      expect(await running.exited).toBeNull();
    } finally {
      sim.hooks.pop();
    }
    expect(pair.group.userIds.has(pair.user.id)).toBe(true);
    expect(accessHasLease(pair, store)).toBe(true);

    const expired = await runCli(
      ["leases", "expire", "-f", synced.file, "--lease-store", store],
      programEnv(),
    );
    expect(expired.code, expired.stderr).toBe(ExitCode.ok);
    expect(expired.stdout).toContain(`Revoked ${pair.grantId}`);
    expect(pair.group.userIds.has(pair.user.id)).toBe(false);
    expect(withStore(store, (s) => s.open())).toEqual([]);
  });

  it("kill -9 between the revoke and the lease's close: the next run finds it gone and closes it", async () => {
    const store = join(dir.path, "kill-revoke.leases.db");
    const pair = freshPair();
    expect((await runCli(grantArgs(pair, store, "1ms"), programEnv())).code).toBe(ExitCode.ok);
    const running = startProgram(
      BIN,
      ["leases", "expire", "-f", synced.file, "--lease-store", store],
      programEnv(),
    );
    sim.hooks.push({
      after: (request) => {
        if (request.method !== "DELETE") return undefined;
        running.child.kill("SIGKILL");
        return { reset: true };
      },
    });
    try {
      expect(await running.exited).toBeNull();
    } finally {
      sim.hooks.pop();
    }
    expect(pair.group.userIds.has(pair.user.id)).toBe(false);
    expect(withStore(store, (s) => s.openLeaseFor(pair.grantId))).toBeDefined();

    const again = await runCli(["leases", "expire", "-f", synced.file, "--lease-store", store], programEnv());
    expect(again.code, again.stderr).toBe(ExitCode.ok);
    expect(again.stdout).toContain(`Already gone: ${pair.grantId}`);
    expect(withStore(store, (s) => s.all()[0])).toMatchObject({
      state: "closed",
      closedAs: "expired-already-revoked",
    });
  });

  it("kill -9 at every request of a leased grant: access never outlives its lease", {
    timeout: 600_000,
  }, async () => {
    // How many requests a whole run makes, then a kill before each one in turn.
    const probe = freshPair();
    const probeStore = join(dir.path, "probe.leases.db");
    sim.clearRequests();
    expect((await runCli(grantArgs(probe, probeStore, "1ms"), programEnv())).code).toBe(ExitCode.ok);
    const requests = sim.requests.length;
    expect(requests).toBeGreaterThan(2);
    const states: string[] = [];
    for (let killAt = 1; killAt <= requests; killAt++) {
      const pair = freshPair();
      const store = join(dir.path, `kill-${killAt}.leases.db`);
      const running = startProgram(BIN, grantArgs(pair, store, "1ms"), programEnv());
      let seen = 0;
      sim.hooks.push({
        before: () => {
          seen += 1;
          if (seen !== killAt) return undefined;
          running.child.kill("SIGKILL");
          return { reset: true };
        },
      });
      try {
        expect(await running.exited).toBeNull();
      } finally {
        sim.hooks.pop();
      }
      expect(accessHasLease(pair, store), `kill before request ${killAt}`).toBe(true);
      states.push(existsSync(store) ? withStore(store, (s) => s.all()[0]?.state ?? "none") : "no store");
      // Whatever the kill left, the next expiry run ends it.
      const expired = await runCli(
        ["leases", "expire", "-f", synced.file, "--lease-store", store],
        programEnv(),
      );
      expect(expired.code, expired.stderr).toBe(ExitCode.ok);
      expect(pair.group.userIds.has(pair.user.id)).toBe(false);
      if (existsSync(store)) expect(withStore(store, (s) => s.open())).toEqual([]);
    }
    expect(states).toHaveLength(requests);
    console.info(
      `leased grant killed before each of its ${requests} requests; the lease was: ${states.join(", ")}`,
    );
  });
});
