import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { C1zFile } from "@baton-ts/c1z";
import { describe, expect, it } from "vitest";
import { runSync } from "../src/engine/index.js";
import { nullLogger } from "../src/log/index.js";
import {
  ContractViolationError,
  c1zDatabaseText,
  memoryConnector,
  runKillAndResume,
} from "../src/testing/index.js";
import { useTempDir } from "./support/files.js";

const tempDir = useTempDir();
const worker = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tenant = {
  resources: 400,
  grantsPerResource: 5,
  usersPerPage: 10,
  grantsPerPage: 3,
  roles: 6,
} as const;

describe("the sync session", () => {
  it("carries what a listing learned to later calls, and is gone from the saved c1z", async () => {
    const connector = memoryConnector({ ...tenant, userDetails: "session" });
    const client = await connector.connect({}, { logger: nullLogger, userAgent: "t" });
    const file = join(tempDir(), "sync.c1z");
    const summary = await runSync({ connector, client, file, logger: nullLogger });
    // Every third user of 200 has access to the app: each found through the session, no detail request.
    expect(client.calls.details).toBe(0);
    expect(summary.grants).toBeGreaterThan(0);
    const reader = await C1zFile.open(file, { readOnly: true, tempDir: tempDir() });
    try {
      expect([...reader.iterateGrants({ entitlementId: "app:a0:access" })]).toHaveLength(67);
    } finally {
      reader.close();
    }
    const text = await c1zDatabaseText(file);
    expect(text).not.toContain("details:u");
    expect(text).not.toContain("sdk_sync_sessions");
  });

  it("a resumed run sees exactly what the killed run committed (SIGKILL mid-listing)", async () => {
    const dir = tempDir();
    const seen: { stored: string[]; kept: string[] }[] = [];
    const result = await runKillAndResume({
      workerModule: worker("session-worker.mjs"),
      // Early, while users are being listed (20 pages of 10).
      killAt: [{ calls: 6 }],
      checkpoint: { maxDelayMs: 0 },
      tempDir: dir,
      afterKill: async (path) => {
        const work = await C1zFile.open(path);
        try {
          const sync = work.listSyncs()[0];
          if (sync === undefined) throw new Error("the killed run left no sync");
          work.database.sessions.open();
          const stored = [...work.iterateResources({ syncId: sync.id, resourceTypeId: "user" })].map(
            (user) => user.id?.resource ?? "",
          );
          const kept = Array.from({ length: 200 }, (_, i) => `u${i}`).filter(
            (id) => work.database.sessions.get(sync.id, `details:${id}`) !== undefined,
          );
          seen.push({ stored: stored.sort(), kept: kept.sort() });
        } finally {
          work.close();
        }
      },
    });
    expect(result.kills[0]?.killed).toBe(true);
    // The session holds the details of exactly the users whose pages were committed: no more, no less.
    expect(seen[0]?.stored.length).toBeGreaterThan(0);
    expect(seen[0]?.stored.length).toBeLessThan(200);
    expect(seen[0]?.kept).toEqual(seen[0]?.stored);
    expect(result.summary.resumed).toBe(true);
    expect(result.summary.grants).toBe(result.baseline.grants);
  });
});

describe("runKillAndResume's efficiency check", () => {
  it("passes a connector whose per-sync state is in the session: resuming costs only what was in flight", async () => {
    const result = await runKillAndResume({
      workerModule: worker("session-worker.mjs"),
      killAt: [{ fraction: 0.3 }, { fraction: 0.6 }, { fraction: 0.9 }],
      checkEfficiency: true,
      tempDir: tempDir(),
    });
    expect(result.kills.map((kill) => kill.killed)).toEqual([true, true, true]);
    const { clean, total, allowance } = result.work;
    expect(total.requests).toBeLessThanOrEqual(clean.requests + allowance.requests);
    expect(total.calls).toBeLessThanOrEqual(clean.calls + allowance.calls);
    // At a kill, at most the engine's concurrency (4) calls have pages not yet committed.
    expect(allowance.calls).toBeLessThanOrEqual(3 * 4);
    // Each kill lands near its fraction of the clean sync's calls.
    const cumulative = result.kills.map((_, i) =>
      result.kills.slice(0, i + 1).reduce((sum, kill) => sum + kill.calls, 0),
    );
    for (const [i, fraction] of [0.3, 0.6, 0.9].entries()) {
      expect(Math.abs((cumulative[i] ?? 0) - fraction * clean.calls)).toBeLessThanOrEqual(5);
    }
  });

  it("fails a connector that keeps per-sync state in its process: the resumed runs redo detail requests", async () => {
    const error = await runKillAndResume({
      workerModule: worker("process-worker.mjs"),
      killAt: [{ fraction: 0.3 }, { fraction: 0.6 }],
      checkEfficiency: true,
      tempDir: tempDir(),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractViolationError);
    const violations = (error as ContractViolationError).violations;
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(
      /^resuming redid work: all runs together made \d+ requests, the clean sync \d+/,
    );
    expect(violations[0]).toContain("keep what later calls need in the sync's session (ctx.session)");
  });
});
