import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeaseStore } from "../src/leases/index.js";

const CHILD = fileURLToPath(new URL("./fixtures/lease-writer.mjs", import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lease-kill-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the writer and SIGKILLs it after `lines` committed operations; returns what it reported. */
const writeUntilKilled = (path: string, lines: number): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, path], { stdio: ["ignore", "pipe", "pipe"] });
    const seen: string[] = [];
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      seen.push(line);
      if (seen.length === lines) child.kill("SIGKILL");
    });
    child.on("close", (_code, signal) =>
      signal === "SIGKILL" ? resolve(seen) : reject(new Error(`writer exited on its own: ${stderr}`)),
    );
  });

describe("the lease store under kill -9", { timeout: 300_000 }, () => {
  it("keeps every reported commit and opens intact, killed at a different moment each time", async () => {
    // Kill points spread over the first few thousand operations: SIGKILL lands wherever the writer is
    // (inside a transaction, a WAL append, a checkpoint), since it keeps writing after the line.
    for (const [round, lines] of [7, 31, 130, 401, 999].entries()) {
      const path = join(dir, `round-${round}.db`);
      const reported = await writeUntilKilled(path, lines);
      const db = new DatabaseSync(path);
      expect(db.prepare("pragma integrity_check").get()).toEqual({ integrity_check: "ok" });
      db.close();
      const store = LeaseStore.open(path);
      try {
        for (const line of reported) {
          const [op, id] = line.split(" ");
          const lease = store.get(Number(id));
          expect(lease, line).toBeDefined();
          if (op === "activate") expect(lease?.state, line).not.toBe("granting");
          if (op === "extend") expect(lease?.reason, line).toBe("longer");
          if (op === "close") expect(lease?.state, line).toBe("closed");
        }
        // The store takes new work after the kill.
        const open = store.open().length;
        expect(store.all().length).toBeGreaterThanOrEqual(
          new Set(reported.map((line) => line.split(" ")[1])).size,
        );
        expect(open).toBeGreaterThan(0);
      } finally {
        store.close();
      }
    }
  });
});
