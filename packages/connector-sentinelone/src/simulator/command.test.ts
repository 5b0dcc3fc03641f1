import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readC1z, spawnSimulatorCommand } from "@baton-ts/connector-sdk/testing";
import { expect, it } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const shell = promisify(execFile);

it("`pnpm --filter … simulate` prints a URL, a token and a sync command line that works, and stops on Ctrl-C", async () => {
  const directory = await mkdtemp(join(tmpdir(), "sentinelone-simulate-"));
  const file = join(directory, "by-hand.c1z");
  try {
    const args = ["--filter", "@baton-ts/connector-sentinelone", "simulate", "--users", "40", "--sites", "5"];
    const sim = await spawnSimulatorCommand("pnpm", [...args, "--file", file], {
      cwd: repositoryRoot,
      // The suite built everything before the tests; a build here would restore dist/ from turbo's cache
      // while other packages' tests read it.
      env: { ...process.env, SIMULATE_NO_BUILD: "1" },
    });
    let stopped: Awaited<ReturnType<typeof sim.stop>>;
    try {
      expect(sim.token).toBe("s1-sim-tenant-1");
      expect(sim.syncCommand).toBe(
        `pnpm -w baton-sentinel-one --management-console-url ${sim.url} --api-token ${sim.token} -f ${file}`,
      );
      // Pasted into a shell somewhere else in the repository.
      await shell("sh", ["-c", sim.syncCommand], { cwd: join(repositoryRoot, "docs") });
      const state = (await (await fetch(`${sim.url}/_simulator/state`)).json()) as Record<string, unknown[]>;
      const synced = await readC1z(file, (c1z) =>
        ["user", "site", "service_user"].map((type) => c1z.countResources({ resourceTypeId: type })),
      );
      expect(synced).toEqual([40, 5, state.serviceUsers?.length]);
      expect(state.users).toHaveLength(40);
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
