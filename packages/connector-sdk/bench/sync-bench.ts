// Benchmark of a whole sync (not a test): an in-memory connector with 100,000 resources and 1,000,000
// grants synced into a c1z, end to end (listing, checks, store writes, checkpoints, compression).
// Run with `pnpm --filter @baton-ts/connector-sdk bench` (builds first). Sizes: BENCH_RESOURCES,
// BENCH_GRANTS_PER_RESOURCE, BENCH_CONCURRENCY, BENCH_ROLES (roles granted to 3 groups each, expanded).
// V8's heap policy changes the memory figure a lot, so by default the sync runs twice, each in its own
// process: with Node's defaults, then with the flags the programs run with (read from apps/runner's bin,
// see docs/running.md "Memory"). Node started with flags of its own (`node --max-semi-space-size=8
// bench/sync-bench.ts`) measures once, with those.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROGRAM_NODE_FLAGS } from "../dist/cli/index.js";
import { createLogger, runSync } from "../dist/index.js";
import { memoryConnector } from "../dist/testing/index.js";

/**
 * Runs `script` once per flag set, each in its own process (peak RSS is per process), one after the
 * other; the child sees BENCH_CHILD=1.
 */
const runPerFlagSet = async (
  script: string,
  sets: readonly { readonly label: string; readonly flags: readonly string[] }[],
): Promise<void> => {
  for (const { label, flags } of sets) {
    console.log(`\n=== ${label}: node ${flags.join(" ") || "(no flags)"}`);
    const child = spawn(process.execPath, [...flags, script], {
      stdio: "inherit",
      env: { ...process.env, BENCH_CHILD: "1" },
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`the benchmark with ${label} exited with ${code}`);
  }
};

if (process.env.BENCH_CHILD === undefined && process.execArgv.length === 0) {
  await runPerFlagSet(fileURLToPath(import.meta.url), [
    { label: "Node's defaults", flags: [] },
    { label: "the programs' flags", flags: [...PROGRAM_NODE_FLAGS] },
  ]);
  process.exit(0);
}

const resources = Number(process.env.BENCH_RESOURCES ?? 100_000);
const grantsPerResource = Number(process.env.BENCH_GRANTS_PER_RESOURCE ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
// Roles granted to groups with GrantExpandable, to measure expansion too (default none: the figure).
const roles = Number(process.env.BENCH_ROLES ?? 0);

const connector = memoryConnector({ resources, grantsPerResource, roles, groupsPerRole: 3 });
const client = await connector.connect({}, { logger: createLogger({ level: "error" }), userAgent: "bench" });
const dir = mkdtempSync(join(tmpdir(), "sdk-bench-"));
const file = join(dir, "bench.c1z");
try {
  // Where the memory goes (sampled): V8 heap vs. buffers outside it (SQLite's cache lives in RSS only).
  const peaks = { heapUsed: 0, external: 0, arrayBuffers: 0, rss: 0 };
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    for (const key of Object.keys(peaks) as (keyof typeof peaks)[])
      peaks[key] = Math.max(peaks[key], usage[key]);
  }, 200);
  sampler.unref();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const summary = await runSync({
    connector,
    client,
    file,
    concurrency,
    logger: createLogger({
      level: (process.env.BENCH_LOG_LEVEL ?? "info") as "info",
      stream: process.stderr,
    }),
    progressIntervalMs: 5000,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const resourceCount = Object.values(summary.resources).reduce((sum, n) => sum + n, 0);
  console.log(
    `sync of ${resourceCount} resources, ${summary.entitlements} entitlements, ${summary.grants} grants`,
  );
  console.log(`  concurrency        ${concurrency}`);
  // V8's heap policy (young generation size, pretenuring) decides much of the peak RSS.
  console.log(`  node flags         ${process.execArgv.join(" ") || "(defaults)"}`);
  console.log(`  wall time          ${seconds.toFixed(2)} s`);
  console.log(
    `  grants/s (e2e)     ${Math.round(summary.grants / seconds).toLocaleString("en-US")}  (target >= 100,000)`,
  );
  // CPU time shows the cost when other processes share the machine and inflate the wall time.
  console.log(
    `  CPU time           ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})`,
  );
  console.log(`  peak RSS           ${peakRssMb.toFixed(0)} MB  (target < 300 MB)`);
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `  sampled peaks      rss ${mb(peaks.rss)}, V8 heap used ${mb(peaks.heapUsed)}, external ${mb(peaks.external)}, array buffers ${mb(peaks.arrayBuffers)}`,
  );
  if (roles > 0) console.log(`  expanded grants    ${summary.expandedGrants} (included in grants)`);
  console.log(`  pages              ${summary.pages}`);
  console.log(`  c1z size           ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
