import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { C1zFile } from "../src/index.js";
import { useTempDir } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, "fixtures", "kill-child.mjs");
// The child runs src/ directly (Node 24 strips the types): no build step between a change and this test.
const SOURCE_IMPORTS = join(here, "fixtures", "source-imports.mjs");
const tempDir = useTempDir();
const OLD_GRANTS = 1000;
const NEW_GRANTS = 40_000;

interface ChildRun {
  lines: string[];
  killed: boolean;
}

/** Runs the writer child with Node 24 (process.execPath); SIGKILLs it at the first line `killAt` accepts. */
function runChild(
  path: string,
  total: number,
  options: { pauseAt?: string; killAt?: (line: string) => boolean } = {},
) {
  return new Promise<ChildRun>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", SOURCE_IMPORTS, CHILD, path, String(total), options.pauseAt ?? "none"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines: string[] = [];
    let killed = false;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      if (!killed && options.killAt?.(line)) {
        killed = child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (killed && signal === "SIGKILL") resolve({ lines, killed });
      else if (code === 0 && !killed) resolve({ lines, killed });
      else reject(new Error(`writer child exited with ${code ?? signal}: ${stderr}`));
    });
  });
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The target is the old file byte for byte, or a complete new one; returns which. */
async function targetState(path: string, oldHash: string): Promise<"old" | "new"> {
  if (sha256(path) === oldHash) return "old";
  const file = await C1zFile.open(path, { readOnly: true });
  try {
    const latest = file.latestFinishedSync();
    expect(latest).toBeDefined();
    expect(file.counts(latest?.id ?? "").grants).toBe(NEW_GRANTS);
    return "new";
  } finally {
    file.close();
  }
}

async function expectCompleteNewFile(path: string): Promise<void> {
  const file = await C1zFile.open(path, { readOnly: true });
  try {
    const syncs = file.listSyncs();
    expect(syncs).toHaveLength(2);
    expect(syncs.every((run) => run.endedAt)).toBe(true);
    expect(file.counts(syncs[0]?.id ?? "").grants).toBe(OLD_GRANTS);
    expect(file.counts(syncs[1]?.id ?? "").grants).toBe(NEW_GRANTS);
    expect(
      file.getGrant(`group:g${(NEW_GRANTS - 1) % 50}:member:user:u${NEW_GRANTS - 1}`)?.principal?.id
        ?.resource,
    ).toBe(`u${NEW_GRANTS - 1}`);
  } finally {
    file.close();
  }
  const leftovers = readdirSync(dirname(path)).filter((name) => name !== "sync.c1z");
  expect(leftovers).toEqual([]);
}

async function withOldFile(): Promise<{ path: string; oldHash: string }> {
  const path = join(tempDir(), "sync.c1z");
  await runChild(path, OLD_GRANTS);
  return { path, oldHash: sha256(path) };
}

describe("kill -9 while writing a c1z", () => {
  it("during page writes: the target stays old, and the rerun resumes from the last committed page", async () => {
    const { path, oldHash } = await withOldFile();
    const killedRun = await runChild(path, NEW_GRANTS, { killAt: (line) => line === "page 5000" });
    expect(killedRun.killed).toBe(true);
    expect(await targetState(path, oldHash)).toBe("old");

    const rerun = await runChild(path, NEW_GRANTS);
    const start = JSON.parse(rerun.lines.find((line) => line.startsWith("start "))?.slice(6) ?? "{}");
    expect(start.resumed).toBe(true);
    // Pages and checkpoints commit together: what is stored is exactly what the token says.
    expect(Number(start.token)).toBeGreaterThanOrEqual(5000);
    expect(start.stored).toBe(Number(start.token));
    expect(rerun.lines.some((line) => line.startsWith("warning"))).toBe(false);
    await expectCompleteNewFile(path);
  });

  it("during compression: the target is old or new, never broken; the rerun only saves", async () => {
    const { path, oldHash } = await withOldFile();
    await runChild(path, NEW_GRANTS, { killAt: (line) => line === "phase compressing" });
    // Almost always "old"; "new" only if compression and rename beat the signal. Both are whole files.
    expect(["old", "new"]).toContain(await targetState(path, oldHash));
    const rerun = await runChild(path, NEW_GRANTS);
    expect(rerun.lines.some((line) => line.startsWith("finished-before"))).toBe(true);
    await expectCompleteNewFile(path);
  });

  it("just before the rename: the target is the old file, and the work DB survives", async () => {
    const { path, oldHash } = await withOldFile();
    await runChild(path, NEW_GRANTS, {
      pauseAt: "compressed",
      killAt: (line) => line === "phase compressed",
    });
    expect(await targetState(path, oldHash)).toBe("old");
    expect(existsSync(`${path}.work.db`)).toBe(true);
    const rerun = await runChild(path, NEW_GRANTS);
    expect(rerun.lines.some((line) => line.startsWith("finished-before"))).toBe(true);
    await expectCompleteNewFile(path);
  });

  it("just after the rename: the target is the new file and the next open starts clean", async () => {
    const { path, oldHash } = await withOldFile();
    await runChild(path, NEW_GRANTS, { pauseAt: "renamed", killAt: (line) => line === "phase renamed" });
    expect(await targetState(path, oldHash)).toBe("new");
    const reopened = await C1zFile.open(path);
    expect(reopened.warnings).toEqual([]); // the sidecar shows that save completed
    expect(reopened.listSyncs()).toHaveLength(2);
    reopened.close();
  });
});
