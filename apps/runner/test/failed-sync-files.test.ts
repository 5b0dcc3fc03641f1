import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnProgram } from "@baton-ts/connector-sdk/testing";
import { startSegmentSimulator } from "@baton-ts/connector-segment/simulator";
import { afterAll, describe, expect, it } from "vitest";
import { programPath } from "../src/program-path.js";
import { REPO_ROOT } from "./support/npm-consumer.js";

// A first sync that fails (here: a wrong token) keeps its work files next to the c1z so that the next run
// resumes. In a checkout they must not show up as changes: the repository's .gitignore covers them.

const dir = mkdtempSync(join(tmpdir(), "failed-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The names among `names` that the repository's .gitignore ignores (as if they were at its root). */
const ignored = (names: readonly string[]): string[] => {
  const result = spawnSync("git", ["check-ignore", "--no-index", ...names], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  return result.stdout.split("\n").filter((line) => line !== "");
};

describe("what a failed first sync leaves behind", () => {
  it("is ignored by git: the work database, its record and the write lock", async () => {
    const sim = await startSegmentSimulator({ seed: 5 });
    try {
      const run = await spawnProgram(
        programPath("@baton-ts/connector-segment", "baton-segment"),
        ["-f", join(dir, "sync.c1z"), "--base-url", sim.url],
        { BATON_TOKEN: "not-the-token" },
      );
      expect(run.code).toBe(1);
    } finally {
      await sim.close();
    }
    const left = readdirSync(dir).sort();
    expect(left).toEqual(["sync.c1z.work.db", "sync.c1z.work.json"]);
    // What a killed run leaves too (the lock, its staging file, a save's temporary, the work DB's journals),
    // and the lease store a time-bound grant keeps next to the c1z.
    const more = [
      "sync.c1z.lock",
      "sync.c1z.lock.new-0a1b2c",
      "sync.c1z.tmp-0a1b2c3d",
      "sync.c1z.work.db-wal",
      "sync.c1z.work.db-shm",
      "sync.c1z.work.json.tmp-0a1b2c",
      "sync.leases.db",
      "sync.leases.db-wal",
    ];
    expect(ignored([...left, ...more])).toEqual([...left, ...more]);
    // Not everything is ignored: sources and docs are not.
    expect(ignored(["README.md", "packages/c1z/src/index.ts"])).toEqual([]);
  });
});
