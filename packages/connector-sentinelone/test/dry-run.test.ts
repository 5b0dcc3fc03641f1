import { readFileSync } from "node:fs";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { grantEntitlement, nullLogger } from "@baton-ts/connector-sdk";
import { ExitCode } from "@baton-ts/connector-sdk/cli";
import { WriteJournal, withWriteJournal } from "@baton-ts/connector-sdk/http";
import { programRunner, startWriteRecorder, type WriteRecorder } from "@baton-ts/connector-sdk/testing";
import type { Entitlement, Resource } from "@baton-ts/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sentineloneConnector } from "../src/index.js";
import { type SentinelOneSimulator, startSentinelOneSimulator } from "../src/simulator/index.js";
import { sentinelOneAccess } from "./access-projection.js";
import { clientFor, syncAndRead, tempDir } from "./support.js";

const runCli = programRunner(new URL("../dist/bin/baton-sentinel-one.js", import.meta.url));

let sim: SentinelOneSimulator;
let recorder: WriteRecorder;
let dir: string;
let file: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  sim = await startSentinelOneSimulator({
    seed: 12,
    accounts: 2,
    sites: 4,
    users: 12,
    serviceUsers: 3,
    roles: 8,
  });
  recorder = await startWriteRecorder({ target: sim.url });
  ({ dir, cleanup } = await tempDir());
  file = join(dir, "sync.c1z");
  await syncAndRead(clientFor(sim), file);
});
afterAll(async () => {
  await recorder.close();
  await sim.close();
  await cleanup();
});

const env = () => ({ BATON_API_TOKEN: sim.tokens.tenant, BATON_MANAGEMENT_CONSOLE_URL: recorder.url });
const wire = (writes: readonly { method: string; path: string; body?: unknown }[]) =>
  writes.map(({ method, path, body }) => ({ method, path, ...(body === undefined ? {} : { body }) }));

/** A user and an entitlement the user lacks that the connector would grant (found with an in-process dry run). */
const grantableToSomeone = async (): Promise<{ entitlement: Entitlement; principal: Resource }> => {
  const c1z = await C1zFile.open(file, { readOnly: true });
  try {
    const users = [...c1z.iterateResources({ resourceTypeId: "user" })];
    const entitlements = [...c1z.iterateEntitlements({})].filter((e) =>
      e.grantableTo.some((t) => t.id === "user"),
    );
    const held = new Set(sentinelOneAccess(sim).access());
    for (const principal of users) {
      for (const entitlement of entitlements) {
        if (held.has(`${entitlement.id}:user:${principal.id?.resource}`)) continue;
        const journal = new WriteJournal(true);
        const outcome = await withWriteJournal(journal, () =>
          grantEntitlement({
            connector: sentineloneConnector,
            client: clientFor(sim),
            entitlement,
            principal,
            logger: nullLogger,
          }),
        ).catch(() => undefined);
        if (outcome?.kind === "granted") return { entitlement, principal };
      }
    }
  } finally {
    c1z.close();
  }
  throw new Error("no grantable pair in the seeded tenant");
};

const dryThenReal = async (args: readonly string[]) => {
  const audit = join(dir, `audit-${Math.random().toString(36).slice(2)}.jsonl`);
  const all = ["-p", "-f", file, "--audit-log", audit, ...args];
  const project = sentinelOneAccess(sim);
  const before = JSON.stringify([[...project.access()].sort(), project.rest()]);
  recorder.clear();
  const dry = await runCli([...all, "--dry-run"], env());
  expect(dry.code, dry.stderr).toBe(ExitCode.ok);
  expect(recorder.writes).toEqual([]);
  expect(JSON.stringify([[...project.access()].sort(), project.rest()])).toBe(before);
  const real = await runCli(all, env());
  expect(real.code, real.stderr).toBe(ExitCode.ok);
  const [dryLine, realLine] = readFileSync(audit, "utf8")
    .trimEnd()
    .split("\n")
    .map(
      (line) =>
        JSON.parse(line) as { dryRun?: boolean; writes: { method: string; path: string; body?: unknown }[] },
    );
  expect(dryLine?.dryRun).toBe(true);
  expect(recorder.writes.length).toBeGreaterThan(0);
  expect(wire(recorder.writes)).toEqual(wire(dryLine?.writes ?? []));
  expect(wire(realLine?.writes ?? [])).toEqual(wire(recorder.writes));
  for (const write of recorder.writes)
    expect(dry.stdout).toContain(`  ${write.method} ${write.path} ${JSON.stringify(write.body)}\n`);
  expect(`${dry.stdout}${dry.stderr}${readFileSync(audit, "utf8")}`).not.toContain(sim.tokens.tenant);
  return dry;
};

describe("--dry-run (the built program, checked against the writes a real run then makes)", () => {
  it("a role grant: the principal's whole scopeRoles PUT back with one entry more", async () => {
    const { entitlement, principal } = await grantableToSomeone();
    const id = principal.id?.resource ?? "";
    const dry = await dryThenReal([
      "--grant-entitlement",
      entitlement.id,
      "--grant-principal-type",
      "user",
      "--grant-principal",
      id,
    ]);
    expect(dry.stdout).toMatch(/^Dry run: would grant .*; nothing was written\nExpected: .*added: /);
    expect(wire(recorder.writes)).toMatchObject([{ method: "PUT", path: `/web/api/v2.1/users/${id}` }]);
    expect(sentinelOneAccess(sim).access()).toContain(`${entitlement.id}:user:${id}`);
  });

  it("a role revoke: the whole scopeRoles PUT back without the entry", async () => {
    const user = sim.state.users
      .all()
      .find((candidate) => candidate.scope !== "tenant" && candidate.scopeRoles.length > 1);
    const entry = user?.scopeRoles[0];
    if (user === undefined || entry === undefined) throw new Error("seed too small");
    const grantId = `${user.scope}:${entry.id}:${entry.roleId}:user:${user.id}`;
    const dry = await dryThenReal(["--revoke-grant", grantId]);
    expect(dry.stdout).toMatch(/^Dry run: would revoke .*; nothing was written\nExpected: .*removed: /);
    expect(sentinelOneAccess(sim).access()).not.toContain(grantId);
  });
});
