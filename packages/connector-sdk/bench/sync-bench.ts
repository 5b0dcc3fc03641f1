// Benchmark of a whole sync (not a test): an in-memory connector with 100,000 resources and 1,000,000
// grants synced into a c1z, end to end (listing, checks, store writes, checkpoints, compression).
// Run with `pnpm --filter @baton-ts/connector-sdk bench` (builds first). Sizes: BENCH_RESOURCES,
// BENCH_GRANTS_PER_RESOURCE, BENCH_CONCURRENCY.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, runSync } from "../dist/index.js";
import { memoryConnector } from "../dist/testing/index.js";

const resources = Number(process.env.BENCH_RESOURCES ?? 100_000);
const grantsPerResource = Number(process.env.BENCH_GRANTS_PER_RESOURCE ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);

const connector = memoryConnector({ resources, grantsPerResource });
const client = await connector.connect({}, { logger: createLogger({ level: "error" }), userAgent: "bench" });
const dir = mkdtempSync(join(tmpdir(), "sdk-bench-"));
const file = join(dir, "bench.c1z");
try {
  const started = performance.now();
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
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const resourceCount = Object.values(summary.resources).reduce((sum, n) => sum + n, 0);
  console.log(
    `sync of ${resourceCount} resources, ${summary.entitlements} entitlements, ${summary.grants} grants`,
  );
  console.log(`  concurrency        ${concurrency}`);
  console.log(`  wall time          ${seconds.toFixed(2)} s`);
  console.log(
    `  grants/s (e2e)     ${Math.round(summary.grants / seconds).toLocaleString("en-US")}  (target >= 100,000)`,
  );
  console.log(`  peak RSS           ${peakRssMb.toFixed(0)} MB  (target < 300 MB)`);
  console.log(`  pages              ${summary.pages}`);
  console.log(`  c1z size           ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
