// Benchmark: write 1,000,000 grants over 100,000 resources in page-sized transactions (as the sync engine
// does, with a checkpoint per page), save (compress + atomic replace), and print throughput, file size
// and peak RSS. Run with `pnpm --filter @baton-ts/c1z bench` (builds first). Environment knobs:
// BENCH_GRANTS (default 1000000), BENCH_PAGE (grants per transaction, default 1000),
// BENCH_SYNCHRONOUS (NORMAL | FULL, default NORMAL), BENCH_DIR (default the OS temp dir).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile, type SavePhase } from "../dist/index.js";
import { cpuSince, grantsFileOptionsFromEnv, writeGrantsSync } from "./grants-file.ts";

const { grants: GRANTS, page: PAGE } = grantsFileOptionsFromEnv();
const SYNCHRONOUS = process.env.BENCH_SYNCHRONOUS === "FULL" ? "FULL" : "NORMAL";
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "c1z-bench-"));
const path = join(dir, "bench.c1z");
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString("en-US");

try {
  const file = await C1zFile.open(path, { synchronous: SYNCHRONOUS });
  const { syncId, written, resourcesMs, buildMs, storeMs, writeCpu } = writeGrantsSync(file, {
    grants: GRANTS,
    page: PAGE,
  });
  const counts = file.counts(syncId);
  let databaseBytes = 0;

  const cpuAfterWrites = process.resourceUsage();
  const rssAfterWritesMb = process.memoryUsage().rss / 1024 / 1024;
  const heapAfterWritesMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const heapTotalAfterWritesMb = process.memoryUsage().heapTotal / 1024 / 1024;
  const peakBeforeSaveMb = process.resourceUsage().maxRSS / 1024;
  const startSave = performance.now();
  const phaseAt: Partial<Record<SavePhase, number>> = {};
  await file.save({
    onPhase: (phase) => {
      phaseAt[phase] = performance.now();
      // The database as it is compressed: WAL folded in, every index built.
      if (phase === "compressing") databaseBytes = statSync(`${path}.work.db`).size;
    },
  });
  const saveMs = performance.now() - startSave;
  const saveCpu = cpuSince(cpuAfterWrites);
  const peakAfterSaveMb = process.resourceUsage().maxRSS / 1024;
  const fileBytes = statSync(path).size;

  const check = await C1zFile.open(path, { readOnly: true });
  const stored = check.counts(syncId).grants;
  check.close();

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const between = (from: number | undefined, to: number | undefined) =>
    from === undefined || to === undefined ? "?" : seconds(to - from);
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(" ");
  console.log(
    `c1z write benchmark: ${written.toLocaleString("en-US")} grants, ${PAGE} per transaction, synchronous=${SYNCHRONOUS} (load average ${load} on ${availableParallelism()} CPUs${process.execArgv.length > 0 ? `; node ${process.execArgv.join(" ")}` : ""})`,
  );
  console.log(
    `  resources + entitlements:  ${counts.resources.toLocaleString("en-US")} + ${counts.entitlements.toLocaleString("en-US")} in ${seconds(resourcesMs)}`,
  );
  console.log(`  grant messages built:      ${seconds(buildMs)} (connector side, not counted below)`);
  console.log(
    `  grants written:            ${seconds(storeMs)} (CPU ${writeCpu.toFixed(2)} s) = ${rate(written, storeMs)} grants/s (encode + upsert + commit)`,
  );
  console.log(
    `  save:                      ${seconds(saveMs)} (CPU ${saveCpu.toFixed(2)} s): indexes + checkpoint ${between(startSave, phaseAt.compressing)}, zstd ${between(phaseAt.compressing, phaseAt.compressed)}, rename + cleanup ${between(phaseAt.compressed, phaseAt.done)}`,
  );
  console.log(`  file:                      ${mb(databaseBytes)} MiB database -> ${mb(fileBytes)} MiB c1z`);
  console.log(`  grants written+compressed: ${rate(written, storeMs + saveMs)} grants/s (target >= 200,000)`);
  console.log(
    `  peak RSS, write + save:    ${peakAfterSaveMb.toFixed(0)} MiB (target < 300; process maxRSS): ${peakBeforeSaveMb.toFixed(0)} MiB before save; after the writes rss ${rssAfterWritesMb.toFixed(0)} MiB, V8 heap ${heapTotalAfterWritesMb.toFixed(0)} MiB (${heapAfterWritesMb.toFixed(0)} MiB used)`,
  );
  console.log(
    `  peak RSS, whole run:       ${peakRssMb.toFixed(0)} MiB, including the read-back below (it decompresses the file again in this process)`,
  );
  console.log(
    `  verified:                  ${stored.toLocaleString("en-US")} grants read back from the saved file`,
  );
  if (stored !== written) throw new Error(`expected ${written} grants in the saved file, found ${stored}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
