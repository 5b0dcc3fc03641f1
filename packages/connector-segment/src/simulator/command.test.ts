import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readC1z, spawnSimulatorCommand } from "@baton-ts/connector-sdk/testing";
import { expect, it } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const packageDirectory = fileURLToPath(new URL("../../", import.meta.url));
const shell = promisify(execFile);

it("`pnpm simulate segment` prints a URL, a token and a sync command line that works, and stops on Ctrl-C", async () => {
  const directory = await mkdtemp(join(tmpdir(), "segment-simulate-"));
  const file = join(directory, "by-hand.c1z");
  try {
    const args = ["simulate", "segment", "--users", "12", "--groups", "3", "--file", file];
    const sim = await spawnSimulatorCommand("pnpm", args, {
      cwd: repositoryRoot,
      // The suite built everything before the tests; a build here would restore dist/ from turbo's cache
      // while other packages' tests read it.
      env: { ...process.env, SIMULATE_NO_BUILD: "1" },
    });
    let stopped: Awaited<ReturnType<typeof sim.stop>>;
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.syncCommand).toBe(
        `pnpm -w baton-segment --base-url ${sim.url} --token ${sim.token} -f ${file}`,
      );
      // Pasted into a shell in another directory of the repository.
      await shell("sh", ["-c", sim.syncCommand], { cwd: packageDirectory });
      const state = (await (await fetch(`${sim.url}/_simulator/state`)).json()) as Record<string, object>;
      const synced = await readC1z(file, (c1z) =>
        ["user", "invite", "group"].map((type) => c1z.countResources({ resourceTypeId: type })),
      );
      expect(synced).toEqual([12, Object.keys(state.invites ?? {}).length, 3]);
      expect(Object.keys(state.users ?? {})).toHaveLength(12);
    } finally {
      stopped = await sim.stop("SIGINT");
    }
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/Simulator stopped\.\n$/);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  // A last guard only: the command may build the connector first on a busy machine.
}, 300_000);
