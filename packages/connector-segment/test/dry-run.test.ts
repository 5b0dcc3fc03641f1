import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "@baton-ts/connector-sdk/cli";
import {
  programRunner,
  type RecordedWrite,
  startWriteRecorder,
  type WriteRecorder,
} from "@baton-ts/connector-sdk/testing";
import type { Grant } from "@baton-ts/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SegmentSimulator, startSegmentSimulator } from "../src/simulator/index.js";
import { segmentAccess } from "./access-projection.js";
import { directGrants, type SyncedWorkspace, syncSimulator, tempDir } from "./support.js";

const runCli = programRunner(new URL("../dist/bin/baton-segment.js", import.meta.url));
const TOKEN = "seg-dry-run-token-8c1d2e3f";

let sim: SegmentSimulator;
let recorder: WriteRecorder;
let synced: SyncedWorkspace;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  sim = await startSegmentSimulator({
    seed: 17,
    token: TOKEN,
    size: { users: 10, groups: 3, invites: 2 },
    iamWriteLimit: false,
  });
  recorder = await startWriteRecorder({ target: sim.url });
  dir = tempDir();
  synced = await syncSimulator(sim, dir.path);
});
afterAll(async () => {
  await recorder.close();
  await sim.close();
  dir.remove();
});

/** Every write the audit log lists for the runs so far, per run (dry or real), in order. */
const auditedWrites = (path: string) =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map(
      (line) =>
        JSON.parse(line) as { event: string; outcome: string; dryRun?: boolean; writes?: RecordedWrite[] },
    )
    .filter((line) => line.event === "grant" || line.event === "revoke");

const wire = (writes: readonly { method: string; path: string; body?: unknown }[]) =>
  writes.map(({ method, path, body }) => ({ method, path, ...(body === undefined ? {} : { body }) }));

/**
 * Runs the action as a dry run, then for real, through the built program and the write recorder:
 * the dry run sends no write and leaves the simulator as it was; the real run sends exactly the writes
 * the dry run printed (method, path, body) and makes the change it expected.
 */
const dryThenReal = async (action: readonly string[]) => {
  const audit = join(dir.path, `audit-${Math.random().toString(36).slice(2)}.jsonl`);
  const args = ["-p", "-f", synced.file, "--audit-log", audit, ...action];
  const env = { BATON_TOKEN: TOKEN, BATON_BASE_URL: recorder.url };
  const project = segmentAccess(sim);
  const before = { access: [...project.access()].sort(), rest: JSON.stringify(project.rest()) };
  recorder.clear();

  const dry = await runCli([...args, "--dry-run"], env);
  expect(dry.code, dry.stderr).toBe(ExitCode.ok);
  expect(recorder.writes).toEqual([]);
  expect({ access: [...project.access()].sort(), rest: JSON.stringify(project.rest()) }).toEqual(before);

  const real = await runCli(args, env);
  expect(real.code, real.stderr).toBe(ExitCode.ok);
  const [dryLine, realLine] = auditedWrites(audit);
  expect(dryLine?.dryRun).toBe(true);
  expect(dryLine?.writes?.length).toBeGreaterThan(0);
  // The writes the dry run planned are the writes the real run sent, on the wire and in its own record.
  expect(wire(recorder.writes)).toEqual(wire(dryLine?.writes ?? []));
  expect(wire(realLine?.writes ?? [])).toEqual(wire(recorder.writes));
  // What the dry run printed is those writes, one a line.
  for (const write of recorder.writes) {
    expect(dry.stdout).toContain(
      `  ${write.method} ${write.path}${write.body === undefined ? "" : ` ${JSON.stringify(write.body)}`}\n`,
    );
  }
  expect(
    `${dry.stdout}${dry.stderr}${real.stdout}${real.stderr}${readFileSync(audit, "utf8")}`,
  ).not.toContain(TOKEN);
  return { dry, real, dryLine, realLine };
};

const grantOf = (predicate: (grant: Grant) => boolean): Grant => {
  const found = directGrants(synced.grants).find(predicate);
  if (found === undefined) throw new Error("the seeded workspace lacks the grant this test needs");
  return found;
};

describe("--dry-run (the built program, checked against the writes a real run then makes)", () => {
  it("a group membership grant: POST /groups/{id}/users, and the expected change", async () => {
    const group = [...sim.state.groups.values()][0];
    const user = [...sim.state.users.values()].find((candidate) => !group?.userIds.has(candidate.id));
    if (group === undefined || user === undefined) throw new Error("seed too small");
    const { dry, dryLine } = await dryThenReal([
      "--grant-entitlement",
      `group:${group.id}:member`,
      "--grant-principal-type",
      "user",
      "--grant-principal",
      user.id,
    ]);
    expect(dry.stdout).toMatch(/^Dry run: would grant .*; nothing was written\n/);
    expect(dry.stdout).toContain(
      `Expected: grant of group:${group.id}:member to user ${user.email} (${user.id}): in the group: false → true`,
    );
    expect(dryLine).toMatchObject({ outcome: "would-grant" });
    expect(wire(recorder.writes)).toEqual([
      { method: "POST", path: `/groups/${group.id}/users`, body: { emails: [user.email] } },
    ]);
    expect(group.userIds.has(user.id)).toBe(true);
  });

  it("a group membership revoke: DELETE /group/{id}/users?emails=…", async () => {
    const held = grantOf((g) => g.id.startsWith("group:") && g.principal?.id?.resourceType === "user");
    await dryThenReal(["--revoke-grant", held.id]);
    expect(recorder.writes.map((w) => w.method)).toEqual(["DELETE"]);
    expect(recorder.writes[0]?.path).toMatch(/^\/group\/[^/]+\/users\?emails=/);
  });

  it("a role revoke: the whole permission list PUT back without the entry", async () => {
    const held = grantOf(
      (g) =>
        g.principal?.id?.resourceType === "user" &&
        !g.id.startsWith("group:") &&
        !g.id.startsWith("workspace:") &&
        (sim.state.users.get(g.principal.id.resource)?.permissions.length ?? 0) > 1,
    );
    const { dry } = await dryThenReal(["--revoke-grant", held.id]);
    expect(recorder.writes.map((w) => w.method)).toEqual(["PUT"]);
    expect(dry.stdout).toMatch(/Expected: revoke of role .*: removed: role /);
  });

  it("says already granted, with no write to make, when the access is there", async () => {
    const group = [...sim.state.groups.values()].find((candidate) => candidate.userIds.size > 0);
    const [userId] = group?.userIds ?? [];
    if (group === undefined || userId === undefined) throw new Error("seed too small");
    recorder.clear();
    const dry = await runCli(
      [
        "-p",
        "-f",
        synced.file,
        "--dry-run",
        "--grant-entitlement",
        `group:${group.id}:member`,
        "--grant-principal-type",
        "user",
        "--grant-principal",
        userId,
      ],
      { BATON_TOKEN: TOKEN, BATON_BASE_URL: recorder.url },
    );
    expect(dry.code, dry.stderr).toBe(ExitCode.ok);
    expect(dry.stdout).toMatch(
      /^Dry run: already granted: .* \(no write needed\)\nWrites it would make: none\n$/,
    );
    expect(recorder.writes).toEqual([]);
  });
});
