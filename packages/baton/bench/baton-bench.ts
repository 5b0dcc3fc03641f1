// Benchmark of `baton` on the c1z benchmark's file: 1,000,000 grants over 100,000 resources, built the
// way packages/c1z/bench/write-grants.ts builds it (the same code, bench/grants-file.ts). Each command
// runs in a process of its own with the program's V8 flag, as `baton` would; the explorer's pages are
// timed by their Server-Timing. Run: pnpm --filter @baton-ts/baton bench (builds first).
// BENCH_GRANTS changes the size, BENCH_DIR where the file and the cache go (default the OS temp dir).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { C1zFile } from "@baton-ts/c1z";
import { grantsFileOptionsFromEnv, grantsFileShape, writeGrantsSync } from "../../c1z/bench/grants-file.ts";

const NODE_FLAGS = ["--max-semi-space-size=1", "--heap-growing-percent=50"]; // the bin's (src/bin/baton.ts)
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "baton-bench-"));
const path = join(dir, "bench.c1z");
const env = { ...process.env, BATON_CACHE_DIR: join(dir, "cache") };
const options = grantsFileOptionsFromEnv();
const shape = grantsFileShape(options.grants);
// Ids that exist in the file: a group in the middle and a user who holds grants.
const group = `g${Math.floor(shape.groups / 2) + 7}`;
const entitlement = `group:${group}:member`;
const user = `u${shape.groups + Math.floor(shape.users / 2)}`;

interface CommandFigures {
  code: number;
  firstOutputMs?: number;
  totalMs: number;
  bytes: number;
  peakRssMb: number;
  wallMs: number;
}

function command(args: string[]): CommandFigures {
  const started = performance.now();
  const out = execFileSync(process.execPath, [...NODE_FLAGS, here("run-command.ts"), "-f", path, ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 1024 * 1024,
  });
  const figures = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Omit<CommandFigures, "wallMs">;
  if (figures.code !== 0) throw new Error(`baton ${args.join(" ")} exited ${figures.code}`);
  return { ...figures, wallMs: performance.now() - started };
}

/** Starts the explorer in a process of its own and prints the server time of each page. */
function explorerRun(label: string, pages: Record<string, string>): void {
  const started = performance.now();
  const out = execFileSync(
    process.execPath,
    [...NODE_FLAGS, here("run-explorer.ts"), path, JSON.stringify(pages)],
    {
      env,
      encoding: "utf8",
    },
  );
  const explorer = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
    openMs: number;
    startupMs: number;
    serverMs: Record<string, number[]>;
    peakRssMb: number;
  };
  console.log(
    `  explorer, ${label}: file open ${ms(explorer.openMs)} (expands it when the cache has no copy), start-up ${ms(explorer.startupMs)} (overview and changes found once), peak RSS ${explorer.peakRssMb.toFixed(0)} MB, process ${ms(performance.now() - started)}`,
  );
  console.log("  explorer page (server time, 5 requests)    median      max   target <= 300 ms");
  for (const [name, values] of Object.entries(explorer.serverMs)) {
    console.log(
      `  ${name.padEnd(40)}${ms(median(values)).padStart(8)}${ms(Math.max(...values)).padStart(9)}`,
    );
  }
}

const ms = (value: number | undefined) => (value === undefined ? "-" : `${value.toFixed(0)} ms`);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

try {
  const buildStarted = performance.now();
  const file = await C1zFile.open(path);
  const written = writeGrantsSync(file, options);
  await file.save();
  console.log(
    `baton benchmark: ${written.written.toLocaleString("en-US")} grants, ${shape.resources.toLocaleString("en-US")} resources, ` +
      `${(statSync(path).size / 1024 / 1024).toFixed(1)} MiB c1z (built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s); ` +
      `load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(" ")} on ${availableParallelism()} CPUs; node ${NODE_FLAGS.join(" ")}`,
  );
  console.log(
    "  command (own process)                   first output    command total   process wall   peak RSS   target",
  );
  const row = (label: string, figures: CommandFigures, target: string) =>
    console.log(
      `  ${label.padEnd(40)}${ms(figures.firstOutputMs).padStart(12)}${ms(figures.totalMs).padStart(16)}${ms(figures.wallMs).padStart(15)}${`${figures.peakRssMb.toFixed(0)} MB`.padStart(11)}   ${target}`,
    );
  row("stats, first read (expands into cache)", command(["stats"]), "(once per file version)");
  row("stats", command(["stats"]), "<= 2 s");
  row(`grants -e ${entitlement}`, command(["grants", "-e", entitlement]), "first page <= 300 ms");
  row(
    `grants -e ${entitlement} -o json`,
    command(["grants", "-e", entitlement, "-o", "json"]),
    "first page <= 300 ms",
  );
  row(`access -t user -r ${user}`, command(["access", "-t", "user", "-r", user]), "<= 500 ms");
  row(`principals -e ${entitlement}`, command(["principals", "-e", entitlement]), "");
  row(
    `resources -t group (${shape.groups.toLocaleString("en-US")} rows)`,
    command(["resources", "-t", "group"]),
    "",
  );
  row(
    `grants -o json (all ${written.written.toLocaleString("en-US")}, streamed)`,
    command(["grants", "-o", "json"]),
    "memory bounded",
  );

  const pages = {
    overview: "overview",
    "search (a user by name)": `search?q=${encodeURIComponent(`User ${shape.groups + 4242}`)}`,
    "search (no match)": "search?q=nobody-has-this-name",
    resource: `resource?type=group&id=${group}`,
    "entitlement holders": `entitlement?id=${encodeURIComponent(entitlement)}`,
    "principal access": `access?type=user&id=${user}`,
  };
  explorerRun("one sync", pages);

  // A second full sync of the same tenant, so that "what changed" has two syncs to compare: the explorer
  // finds the differing rows of every list once at start-up, then each page is an index read.
  const secondStarted = performance.now();
  const again = await C1zFile.open(path);
  writeGrantsSync(again, options);
  await again.save();
  console.log(
    `  (a second full sync of the same tenant written in ${((performance.now() - secondStarted) / 1000).toFixed(1)} s)`,
  );
  explorerRun("two syncs", {
    "changes: grants created": "changes?kind=grants&change=created",
    "changes: grants deleted": "changes?kind=grants&change=deleted",
    "changes: resources modified": "changes?kind=resources&change=modified",
    overview: "overview",
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
