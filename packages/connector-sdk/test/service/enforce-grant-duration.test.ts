import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { anyIs, GrantAlreadyRevokedSchema } from "@baton-ts/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LeaseStore } from "../../src/leases/index.js";
import {
  type FakeConductorOne,
  type RunningProgram,
  startFakeConductorOne,
  startProgram,
} from "../../src/testing/index.js";
import { membership, SAMPLE_BIN, user } from "../support/sample-task-parts.js";

const BIN = SAMPLE_BIN;

let c1: FakeConductorOne;
let tmp: string;
const running: RunningProgram[] = [];

beforeAll(async () => {
  c1 = await startFakeConductorOne({ nextPollMs: 20 });
  tmp = await mkdtemp(join(tmpdir(), "enforce-duration-"));
});
afterEach(async () => {
  for (const one of running.splice(0)) {
    one.child.kill("SIGKILL");
    await one.exited;
  }
});
afterAll(async () => {
  await c1.close();
  await rm(tmp, { recursive: true, force: true });
});

const auditLines = (path: string): Record<string, unknown>[] =>
  existsSync(path)
    ? readFileSync(path, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];

/** Polls the audit log until a line matches (the guard only ends a hung run; nothing waits on a clock). */
const auditLine = async (path: string, match: (line: Record<string, unknown>) => boolean) => {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const found = auditLines(path).find(match);
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`no audit line matched in ${path}:\n${readFileSync(path, "utf8")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe("service mode with --enforce-grant-duration", { timeout: 300_000 }, () => {
  it("leases a grant task's duration and revokes the access on its timer, without a revoke task", async () => {
    const dir = await mkdtemp(join(tmp, "run-"));
    const audit = join(dir, "audit.jsonl");
    const leases = join(dir, "leases.db");
    const one = startProgram(BIN, [], {
      ...c1.env(),
      BATON_HOST_ID: "sample-pod-1",
      BATON_TMPDIR: dir,
      BATON_PROVISIONING: "true",
      BATON_ENFORCE_GRANT_DURATION: "true",
      BATON_LEASE_STORE: leases,
      BATON_LEASE_CHECK_INTERVAL: "20ms",
      BATON_AUDIT_LOG: audit,
    });
    running.push(one);

    // A grant without a duration: no lease; with one (1 ms, due at once): a lease that the timer ends.
    await c1.finished(c1.enqueueGrant(membership("security"), user("bob")));
    const taskId = c1.enqueueGrant(membership("security"), user("alice"), { seconds: 0n, nanos: 1_000_000 });
    expect((await c1.finished(taskId)).success).toBeDefined();

    const expiry = await auditLine(audit, (line) => line.event === "expiry");
    expect(expiry).toMatchObject({
      outcome: "revoked",
      source: "lease-expiry",
      grant: "group:security:member:user:alice",
    });
    const lines = auditLines(audit);
    expect(lines.filter((line) => line.event === "grant")).toMatchObject([
      { outcome: "granted", principal: "user:bob", source: "service-task" },
      { outcome: "granted", principal: "user:alice", taskId },
    ]);
    expect(lines.find((line) => line.event === "lease" && line.outcome === "opened")).toMatchObject({
      grant: "group:security:member:user:alice",
      taskId,
    });
    await auditLine(audit, (line) => line.event === "lease" && line.outcome === "closed");

    // The access is gone: ConductorOne's own revoke, when it comes, finds nothing to do.
    const late = await c1.finished(
      c1.enqueueRevoke({
        id: "group:security:member:user:alice",
        entitlement: membership("security"),
        principal: user("alice"),
      }),
    );
    expect(late.success?.annotations.some((a) => anyIs(a, GrantAlreadyRevokedSchema))).toBe(true);

    one.child.kill("SIGTERM");
    expect(await one.exited).toBe(0);
    const store = LeaseStore.open(leases);
    try {
      expect(store.open()).toEqual([]);
      expect(store.all()).toMatchObject([
        { grantId: "group:security:member:user:alice", closedAs: "expired" },
      ]);
    } finally {
      store.close();
    }
  });
});
