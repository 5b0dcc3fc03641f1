// Benchmark: a full sync of a simulated Segment workspace (issue 4's figures), printed, not asserted.
// Run after a build: `pnpm --filter @baton-ts/connector-segment bench` (Node 24 strips the types).
// Options: BENCH_USERS, BENCH_GROUPS, BENCH_SOURCES, BENCH_MODE=detail|list|both (default both; each mode
// runs in its own process). The simulator runs in a child process so that peak RSS measures the connector,
// the engine and the store only. Each mode runs twice: with the Node flags the baton-segment program runs
// with (read from its shebang in apps/runner, see docs/running.md "Memory"), then with Node's defaults,
// for comparison. Node started with flags of its own (`node --max-semi-space-size=8 bench/sync.ts`)
// measures once per mode, with those.
// BENCH_SCOPE=connector-only drives the connector's list/entitlements/grants calls in the sync's phase order
// without the engine or a c1z, to separate the connector's own memory from the engine's.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CallContext, createLogger, runSync } from "@baton-ts/connector-sdk";
import { PROGRAM_NODE_FLAGS } from "@baton-ts/connector-sdk/cli";
import { memorySession } from "@baton-ts/connector-sdk/testing";
import { createSegmentClient, segmentConnector } from "@baton-ts/connector-segment";
import type { Resource } from "@baton-ts/protocol";

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
  // Each mode and flag set in its own process, so that each peak RSS is that run's alone.
  const flagSets =
    process.execArgv.length > 0
      ? [{ label: "the flags given", flags: process.execArgv }]
      : [
          { label: "baton-segment's flags", flags: [...PROGRAM_NODE_FLAGS] },
          { label: "Node's defaults", flags: [] },
        ];
  for (const one of ["detail", "list"]) {
    for (const { label, flags } of flagSets) {
      console.log(`\n=== mode ${one}, ${label}: node ${flags.join(" ") || "(no flags)"}`);
      const child = fork(new URL(import.meta.url), {
        env: { ...process.env, BENCH_MODE: one },
        execArgv: flags,
      });
      await new Promise((resolve) => child.once("exit", resolve));
    }
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
  const connectorOnly = process.env.BENCH_SCOPE === "connector-only";
  const summary = connectorOnly
    ? await walkConnector(client, { logger, signal: new AbortController().signal, session: memorySession() })
    : await runSync({ connector: segmentConnector, client, file, logger, progressIntervalMs: 0 });
  const wallMs = performance.now() - started;
  const calls = Object.entries(await sim.calls()).sort(([a], [b]) => a.localeCompare(b));
  const totalCalls = calls.reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `\nSegment sync: ${size.users} users, ${size.groups} groups, ${size.sources} sources, per-user permissions; ` +
      `GET /users ${listIncludesPermissions ? "carries" : "does not carry"} permissions` +
      (connectorOnly ? " (connector calls only: no engine, no c1z)" : ""),
  );
  console.log(`  node flags     ${process.execArgv.join(" ") || "(defaults)"}`);
  console.log(`  wall time      ${(wallMs / 1000).toFixed(2)} s`);
  console.log(
    `  resources      ${Object.entries(summary.resources)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ")}`,
  );
  console.log(`  entitlements   ${summary.entitlements}`);
  console.log(`  grants         ${summary.grants} (${summary.expandedGrants} from group expansion)`);
  if (!connectorOnly) console.log(`  c1z size       ${(statSync(file).size / 1024).toFixed(0)} KiB`);
  console.log(`  API calls      ${totalCalls}`);
  for (const [endpoint, n] of calls) console.log(`    ${endpoint.padEnd(36)} ${n}`);
  console.log(
    `  peak RSS       ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${connectorOnly ? "connector" : "connector, engine and store"}; the simulator runs apart)`,
  );
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The connector's calls in the engine's phase order (every type's resources, then entitlements, then
 * grants, each paged), keeping the resources (the engine keeps them in the c1z) and counting the rest.
 */
async function walkConnector(client: ReturnType<typeof createSegmentClient>, ctx: CallContext) {
  const all: { type: (typeof segmentConnector.resourceTypes)[number]; resource: Resource }[] = [];
  const resources: Record<string, number> = {};
  for (const type of segmentConnector.resourceTypes) {
    let cursor: string | undefined;
    do {
      const page = await type.list(client, { cursor }, ctx);
      resources[type.id] = (resources[type.id] ?? 0) + page.items.length;
      for (const resource of page.items) all.push({ type, resource });
      cursor = page.nextCursor;
    } while (cursor);
  }
  let entitlements = 0;
  for (const { type, resource } of all) {
    if (type.entitlements) entitlements += (await type.entitlements(client, { resource }, ctx)).items.length;
  }
  let grants = 0;
  for (const { type, resource } of all) {
    let cursor: string | undefined;
    do {
      const page = type.grants ? await type.grants(client, { resource, cursor }, ctx) : { items: [] };
      grants += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
  }
  return { resources, entitlements, grants, expandedGrants: 0 };
}
