import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExitCode } from "@baton-ts/connector-sdk/cli";
import { programRunner, readC1z } from "@baton-ts/connector-sdk/testing";
import { type SegmentSimulator, startSegmentSimulator } from "@baton-ts/connector-segment/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const runCli = programRunner(new URL("../dist/bin/baton-segment.js", import.meta.url));
let simulator: SegmentSimulator;

beforeAll(async () => {
  // Slow answers keep the sync running long enough to be stopped half-way.
  simulator = await startSegmentSimulator({ seed: 3, latencyMs: 25, size: { users: 80, groups: 4 } });
});
// Each test's files go in a directory of its own under this one, removed at the end.
const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), "baton-interrupt-"));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await simulator.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the program");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("SIGTERM during a sync", () => {
  it("exits 130, and the next run resumes from the checkpoint to the same result", async () => {
    const file = join(await tempDir(), "sync.c1z");
    const env = { PATH: process.env.PATH ?? "", BATON_TOKEN: simulator.token, BATON_BASE_URL: simulator.url };
    const bin = fileURLToPath(new URL("../dist/bin/baton-segment.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "-f", file], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));

    // Stop it in the grants phase (group members are only read there). Stopping it while functions
    // are being listed loses function grants on resume: a Segment connector defect, reported.
    await waitFor(() => simulator.requests.some((r) => r.route === "/groups/{userGroupId}/users"), 20_000);
    child.kill("SIGTERM");
    expect(await exited).toBe(ExitCode.interrupted);
    expect(stderr).toContain('"msg":"sync interrupted"');
    const firstRunCalls = simulator.requests.length;

    const resumed = await runCli(["-f", file], {
      BATON_TOKEN: simulator.token,
      BATON_BASE_URL: simulator.url,
    });
    expect(resumed.code, resumed.stderr).toBe(ExitCode.ok);
    expect(resumed.stdout).toContain("resumed after an interruption");
    // Resuming does not start over: fewer calls than a whole sync needs.
    const resumedCalls = simulator.requests.length - firstRunCalls;

    const fresh = join(await tempDir(), "fresh.c1z");
    const before = simulator.requests.length;
    expect(
      (
        await runCli(["-f", fresh], {
          BATON_TOKEN: simulator.token,
          BATON_BASE_URL: simulator.url,
        })
      ).code,
    ).toBe(0);
    const wholeSyncCalls = simulator.requests.length - before;
    expect(resumedCalls).toBeLessThan(wholeSyncCalls);

    const statsOf = (path: string) => readC1z(path, (c1z) => c1z.stats());
    expect(await statsOf(file)).toEqual(await statsOf(fresh));
  });
});
