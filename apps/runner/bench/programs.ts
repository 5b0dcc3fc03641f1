// Benchmark of the deployable programs (printed, not asserted): `pnpm --filter @baton-ts/runner bench`.
// 1. `--help` of each bundled program (dist/programs/*.mjs, what the images run) and, for comparison, of
//    the connector package's unbundled bin and of `node -e 0` (Node's own floor): wall time, CPU time
//    and peak RSS, median of BENCH_RUNS runs (default 15) after one warm-up.
// 2. A SentinelOne full sync of 5,000 users (the connector's benchmark tenant scaled down tenfold, the
//    simulator in its own process) by the bundled and the unbundled program: peak RSS and wall time.
// Targets (issue 11): --help <= 200 ms wall and <= 75 MB peak RSS; the 5,000-user sync <= 120 MB.
// On a busy machine wall times grow with the load (printed first); CPU time and RSS barely move.
import { fork } from "node:child_process";
import { loadavg, tmpdir } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROGRAM_NODE_FLAGS } from "@baton-ts/connector-sdk/cli";
import { programPath } from "../src/program-path.ts";
import { PROGRAMS } from "../src/programs/programs.ts";
import { measure, median, type Run } from "./measure.ts";

const runner = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);
const flags = [...PROGRAM_NODE_FLAGS];

const summarize = (label: string, results: readonly Run[]): void => {
  const wall = median(results.map((r) => r.wallMs));
  const cpu = median(results.map((r) => r.cpuMs));
  const rss = median(results.map((r) => r.peakRssMb));
  const minWall = Math.min(...results.map((r) => r.wallMs));
  console.log(
    `${label.padEnd(44)} wall ${wall.toFixed(0).padStart(4)} ms (min ${minWall.toFixed(0).padStart(4)})  cpu ${cpu.toFixed(0).padStart(4)} ms  peak RSS ${rss.toFixed(1)} MB`,
  );
};

const repeat = async (
  file: string,
  args: readonly string[],
  nodeFlags = flags,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Run[]> => {
  const env = { ...process.env, ...extraEnv };
  await measure(nodeFlags, file, args, env); // warm-up: the file in the page cache (and the code cache made)
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await measure(nodeFlags, file, args, env);
    if (run.code !== 0) throw new Error(`${file} ${args.join(" ")} exited with ${run.code}: ${run.stderr}`);
    results.push(run);
  }
  return results;
};

console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")} on this machine; node ${process.version}`,
);
console.log(`\n--help, median of ${runs} runs (node ${flags.join(" ")})`);
summarize("node -e 0 (Node's own start)", await repeat("-e", ["0"], []));
const cacheDir = mkdtempSync(join(tmpdir(), "runner-bench-cache-"));
for (const { program, packageName } of PROGRAMS) {
  const bundle = join(runner, "dist/programs", `${program}.mjs`);
  summarize(`${program} bundled (dist/programs)`, await repeat(bundle, ["--help"]));
  // As the image runs it: V8's code cache made once (the Dockerfile does this at build time).
  summarize(
    `${program} bundled + compile cache (image)`,
    await repeat(bundle, ["--help"], flags, { NODE_COMPILE_CACHE: cacheDir }),
  );
  summarize(
    `${program} unbundled (package bin)`,
    await repeat(programPath(packageName, program), ["--help"]),
  );
}

// The sync: the simulator in a child process so that the program's peak RSS is its own.
const tenant = { accounts: 1, sites: 50, users: 5_000, serviceUsers: 200, roles: 40 };
const simulator = fork(join(runner, "bench/sentinelone-simulator.ts"), [JSON.stringify(tenant)]);
const { url, token } = await new Promise<{ url: string; token: string }>((resolve) =>
  simulator.once("message", (message) => resolve(message as { url: string; token: string })),
);
const dir = mkdtempSync(join(tmpdir(), "runner-bench-sync-"));
try {
  console.log(`\nSentinelOne full sync, tenant ${JSON.stringify(tenant)} (node ${flags.join(" ")})`);
  const sentinelOne = PROGRAMS.find((p) => p.connector === "sentinel-one");
  if (sentinelOne === undefined) throw new Error("no sentinel-one program");
  for (const [label, file] of [
    ["baton-sentinel-one bundled", join(runner, "dist/programs", `${sentinelOne.program}.mjs`)],
    ["baton-sentinel-one unbundled", programPath(sentinelOne.packageName, sentinelOne.program)],
  ] as const) {
    const results: Run[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await measure(flags, file, [], {
        ...process.env,
        BATON_API_TOKEN: token,
        BATON_MANAGEMENT_CONSOLE_URL: url,
        BATON_FILE: join(dir, `sync-${i}.c1z`),
        BATON_LOG_LEVEL: "warn",
      });
      if (run.code !== 0) throw new Error(`${label} sync exited with ${run.code}: ${run.stderr}`);
      results.push(run);
    }
    summarize(`${label} (median of 3)`, results);
  }
} finally {
  simulator.send("close");
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
}
