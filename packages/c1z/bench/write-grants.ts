// Benchmark: write 1,000,000 grants over 100,000 resources in page-sized transactions (as the sync engine
// does, with a checkpoint per page), save (compress + atomic replace), and print throughput, file size
// and peak RSS. Run with `pnpm --filter @baton-ts/c1z bench` (builds first). Environment knobs:
// BENCH_GRANTS (default 1000000), BENCH_PAGE (grants per transaction, default 1000),
// BENCH_SYNCHRONOUS (NORMAL | FULL, default NORMAL), BENCH_DIR (default the OS temp dir).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  create,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  type Resource,
  ResourceSchema,
  ResourceTypeSchema,
} from "@baton-ts/protocol";
import { C1zFile, type SavePhase } from "../dist/index.js";

const GRANTS = Number(process.env.BENCH_GRANTS ?? 1_000_000);
const PAGE = Number(process.env.BENCH_PAGE ?? 1000);
const SYNCHRONOUS = process.env.BENCH_SYNCHRONOUS === "FULL" ? "FULL" : "NORMAL";
const RESOURCES = Math.max(10, Math.round(GRANTS / 10));
const GROUPS = Math.max(1, Math.round(RESOURCES / 10));
const USERS = RESOURCES - GROUPS;
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "c1z-bench-"));
const path = join(dir, "bench.c1z");
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
/** CPU seconds (user + system, all threads) since `start`. */
const cpuSince = (start: NodeJS.ResourceUsage) => {
  const now = process.resourceUsage();
  return (now.userCPUTime - start.userCPUTime + now.systemCPUTime - start.systemCPUTime) / 1e6;
};
const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString("en-US");

try {
  const file = await C1zFile.open(path, { synchronous: SYNCHRONOUS });
  const { syncId } = file.startOrResumeSync();
  file.putResourceTypes(syncId, [
    create(ResourceTypeSchema, { id: "user", displayName: "User", traits: [1] }),
    create(ResourceTypeSchema, { id: "group", displayName: "Group", traits: [2] }),
  ]);

  const startResources = performance.now();
  for (let first = 0; first < RESOURCES; first += PAGE) {
    const page: Resource[] = [];
    for (let index = first; index < Math.min(first + PAGE, RESOURCES); index++) {
      const isGroup = index < GROUPS;
      page.push(
        create(ResourceSchema, {
          id: { resourceType: isGroup ? "group" : "user", resource: isGroup ? `g${index}` : `u${index}` },
          displayName: isGroup ? `Group ${index}` : `User ${index}`,
        }),
      );
    }
    file.transaction(() => {
      file.putResources(syncId, page);
      file.checkpoint(syncId, `{"resources":${first}}`);
    });
  }
  const entitlements = Array.from({ length: GROUPS }, (_, index) =>
    create(EntitlementSchema, {
      id: `group:g${index}:member`,
      resource: { id: { resourceType: "group", resource: `g${index}` } },
      displayName: "member",
      slug: "member",
      purpose: 1,
    }),
  );
  for (let first = 0; first < entitlements.length; first += PAGE) {
    file.putEntitlements(syncId, entitlements.slice(first, first + PAGE));
  }
  const resourcesMs = performance.now() - startResources;

  // Grants go group by group like a connector lists them; principals spread over all users. Building the
  // messages is the connector's work, so it is timed apart from the store's (encode + SQLite).
  let written = 0;
  let buildMs = 0;
  let writeCpu = 0;
  let storeMs = 0;
  let group = 0;
  let slot = 0;
  const perGroup = Math.ceil(GRANTS / GROUPS);
  while (written < GRANTS) {
    const startBuild = performance.now();
    const page: Grant[] = [];
    while (page.length < PAGE && written + page.length < GRANTS) {
      const entitlementId = `group:g${group}:member`;
      const user = GROUPS + ((group * 7919 + slot * 104_729) % USERS);
      page.push(
        create(GrantSchema, {
          id: `${entitlementId}:user:u${user}:${slot}`,
          entitlement: {
            id: entitlementId,
            resource: { id: { resourceType: "group", resource: `g${group}` } },
          },
          principal: { id: { resourceType: "user", resource: `u${user}` } },
        }),
      );
      slot++;
      if (slot === perGroup) {
        slot = 0;
        group = (group + 1) % GROUPS;
      }
    }
    const startStore = performance.now();
    const cpuBeforeStore = process.resourceUsage();
    buildMs += startStore - startBuild;
    file.transaction(() => {
      file.putGrants(syncId, page);
      file.checkpoint(syncId, `{"grants":${written}}`);
    });
    storeMs += performance.now() - startStore;
    writeCpu += cpuSince(cpuBeforeStore);
    written += page.length;
  }
  file.endSync(syncId);
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
