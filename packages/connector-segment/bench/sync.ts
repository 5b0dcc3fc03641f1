// Benchmark: a full sync of a simulated Segment workspace (issue 4's figures), printed, not asserted.
// Run after a build: `pnpm --filter @baton-ts/connector-segment bench` (Node 24 strips the types).
// Options: BENCH_USERS, BENCH_GROUPS, BENCH_SOURCES, BENCH_MODE=detail|list|both (default both; each mode
// runs in its own process). The simulator runs in a child process so that peak RSS measures the connector,
// the engine and the store only. V8 flags pass through NODE_OPTIONS (e.g. --max-semi-space-size=8).
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, runSync } from "@baton-ts/connector-sdk";
import { createSegmentClient, segmentConnector } from "@baton-ts/connector-segment";

const size = {
  users: Number(process.env.BENCH_USERS ?? 5000),
  groups: Number(process.env.BENCH_GROUPS ?? 300),
  sources: Number(process.env.BENCH_SOURCES ?? 1000),
  invites: 250,
  warehouses: 20,
  functionsPerType: 10,
  spaces: 6,
  membersPerGroup: 25,
  permissionsPerUser: 3,
};
const mode = process.env.BENCH_MODE ?? "both";
if (mode === "both") {
  // Each mode in its own process, so that each peak RSS is that mode's alone.
  for (const one of ["detail", "list"]) {
    const child = fork(new URL(import.meta.url), { env: { ...process.env, BENCH_MODE: one } });
    await new Promise((resolve) => child.once("exit", resolve));
  }
  process.exit(0);
}
const modes = [mode === "list"];

type Reply = { url?: string; token?: string; calls?: Record<string, number> };

const startSimulator = async (listIncludesPermissions: boolean) => {
  const child = fork(new URL("./simulator-process.ts", import.meta.url), [
    JSON.stringify({ seed: 42, size, listIncludesPermissions, iamWriteLimit: false }),
  ]);
  const next = (): Promise<Reply> =>
    new Promise((resolve) => child.once("message", (m) => resolve(m as Reply)));
  const { url, token } = await next();
  if (!url || !token) throw new Error("the simulator process did not start");
  return {
    url,
    token,
    calls: async () => {
      const reply = next();
      child.send("calls");
      return (await reply).calls ?? {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send("close");
      }),
  };
};

for (const listIncludesPermissions of modes) {
  const sim = await startSimulator(listIncludesPermissions);
  const dir = mkdtempSync(join(tmpdir(), "segment-bench-"));
  const file = join(dir, "sync.c1z");
  const logger = createLogger({ level: "warn", format: "console", stream: process.stderr });
  const client = createSegmentClient({ baseUrl: sim.url, token: sim.token, logger });
  const started = performance.now();
  const summary = await runSync({ connector: segmentConnector, client, file, logger, progressIntervalMs: 0 });
  const wallMs = performance.now() - started;
  const calls = Object.entries(await sim.calls()).sort(([a], [b]) => a.localeCompare(b));
  const totalCalls = calls.reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `\nSegment sync: ${size.users} users, ${size.groups} groups, ${size.sources} sources, per-user permissions; ` +
      `GET /users ${listIncludesPermissions ? "carries" : "does not carry"} permissions`,
  );
  console.log(`  wall time      ${(wallMs / 1000).toFixed(2)} s`);
  console.log(
    `  resources      ${Object.entries(summary.resources)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ")}`,
  );
  console.log(`  entitlements   ${summary.entitlements}`);
  console.log(`  grants         ${summary.grants} (${summary.expandedGrants} from group expansion)`);
  console.log(`  c1z size       ${(statSync(file).size / 1024).toFixed(0)} KiB`);
  console.log(`  API calls      ${totalCalls}`);
  for (const [endpoint, n] of calls) console.log(`    ${endpoint.padEnd(36)} ${n}`);
  console.log(
    `  peak RSS       ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (connector, engine and store; the simulator runs apart)`,
  );
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
