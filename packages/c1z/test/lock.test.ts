import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { C1zDatabase } from "../src/database.js";
import { C1zFile, C1zLockedError } from "../src/index.js";
import { useTempDir } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, "fixtures", "kill-child.mjs");
// The child runs the package's source, as in kill.test.ts.
const SOURCE_IMPORTS = join(here, "fixtures", "source-imports.mjs");
const tempDir = useTempDir();

const lockedError = async (path: string): Promise<C1zLockedError> => {
  const error = await C1zFile.open(path).then(
    (file) => {
      file.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(C1zLockedError);
  return error as C1zLockedError;
};

/** A pid that belonged to a process which has exited. */
const deadPid = (): number => {
  const done = spawnSync(process.execPath, ["-e", ""]);
  return done.pid as number;
};

const writeLock = (path: string, holder: Record<string, unknown>): void =>
  writeFileSync(
    `${path}.lock`,
    JSON.stringify({ program: "baton-test", since: "2024-01-01T00:00:00Z", nonce: "n1", ...holder }),
  );

describe("the write lock of a c1z", () => {
  it("refuses a second writer at once, naming the first, and lets it in once the first is closed", async () => {
    const path = join(tempDir(), "sync.c1z");
    const first = await C1zFile.open(path);
    const error = await lockedError(path);
    expect(error.holder).toMatchObject({ pid: process.pid, host: hostname() });
    expect(error.message).toContain(`process ${process.pid}`);
    expect(error.message).toContain(`on host ${hostname()}`);
    expect(error.message).toMatch(/two syncs into one file would undo each other's work/);
    first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    const second = await C1zFile.open(path);
    second.close();
  });

  it("is held until save and gone afterwards; read-only opens neither take nor need it", async () => {
    const path = join(tempDir(), "sync.c1z");
    const file = await C1zFile.open(path);
    const { syncId } = file.startOrResumeSync();
    file.endSync(syncId);
    const reader = await C1zFile.open(path, { readOnly: true, tempDir: tempDir() }).catch((e) => e);
    // A never-saved file does not exist yet: the read-only open fails for that reason, not the lock.
    expect(String(reader)).toMatch(/no such c1z file/);
    await file.save();
    expect(readdirSync(dirname(path))).toEqual(["sync.c1z"]);
    const again = await C1zFile.open(path);
    const whileWriting = await C1zFile.open(path, { readOnly: true, tempDir: tempDir() });
    expect(whileWriting.listSyncs()).toHaveLength(1);
    whileWriting.close();
    again.close();
  });

  it("is released when the open itself fails", async () => {
    const path = join(tempDir(), "sync.c1z");
    writeFileSync(path, "not a c1z at all");
    await expect(C1zDatabase.open(path)).rejects.toThrow(/magic|c1z/i);
    expect(existsSync(`${path}.lock`)).toBe(false);
    await expect(C1zDatabase.open(path)).rejects.not.toBeInstanceOf(C1zLockedError);
  });

  it("recovers the lock of a process that died, and of an earlier process with this pid", async () => {
    const dir = tempDir();
    const dead = join(dir, "dead.c1z");
    writeLock(dead, { pid: deadPid(), host: hostname() });
    const recovered = await C1zFile.open(dead);
    expect(JSON.parse(readFileSync(`${dead}.lock`, "utf8")).pid).toBe(process.pid);
    recovered.close();

    // A restarted container runs as pid 1 again: a lock of our pid that we did not take is stale.
    const reused = join(dir, "reused.c1z");
    writeLock(reused, { pid: process.pid, host: hostname(), nonce: "from-the-last-container" });
    const taken = await C1zFile.open(reused);
    expect(JSON.parse(readFileSync(`${reused}.lock`, "utf8")).nonce).not.toBe("from-the-last-container");
    taken.close();
  });

  it("keeps the lock of a process on another host, and says how to clear it", async () => {
    const path = join(tempDir(), "sync.c1z");
    writeLock(path, { pid: 4242, host: "other-host.example" });
    const error = await lockedError(path);
    expect(error.message).toContain("process 4242 (baton-test) on host other-host.example");
    expect(error.message).toContain(`delete ${path}.lock`);
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it("refuses a second process while another process writes, and takes over after that one is killed", async () => {
    const path = join(tempDir(), "sync.c1z");
    // The child writes 40,000 grants and then waits before its rename: it holds the lock meanwhile.
    const child = spawn(process.execPath, ["--import", SOURCE_IMPORTS, CHILD, path, "40000", "compressed"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.on("error", reject);
        // A child that dies before pausing fails the test at once, with what it printed.
        child.on("exit", (code) =>
          reject(new Error(`the writer exited (${code}) before pausing: ${stderr}`)),
        );
        createInterface({ input: child.stdout }).on("line", (line) => {
          if (line === "phase compressed") resolve();
        });
      });
      const error = await lockedError(path);
      expect(error.holder.pid).toBe(child.pid);
      expect(error.message).toContain(`process ${child.pid} (kill-child.mjs) on host ${hostname()}`);
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
    // The dead child's lock is recovered; its finished sync is still there and its save completes.
    const file = await C1zFile.open(path);
    try {
      expect(file.listSyncs()).toHaveLength(1);
      expect(file.counts(file.listSyncs()[0]?.id ?? "").grants).toBe(40_000);
    } finally {
      file.close();
    }
  });
});
