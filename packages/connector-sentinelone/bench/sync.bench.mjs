// Benchmark: a full sync of a large simulated SentinelOne tenant through the real connector and engine.
// Run after a build: `pnpm --filter @baton-ts/connector-sentinelone bench` (sizes via BENCH_* variables).
// BENCH_MODE=connector-only runs the connector's list/entitlements/grants calls without the engine or a
// c1z, to separate the connector's own memory from the engine's.
// The sync runs twice, each in its own process: with the Node flags the baton-sentinel-one program runs
// with (read from its shebang in apps/runner, see docs/running.md "Memory"), then with Node's defaults,
// for comparison. Node started with flags of its own (`node --max-semi-space-size=8 bench/sync.bench.mjs`)
// measures once, with those.
import { fork } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, runSync } from "@baton-ts/connector-sdk";
import { PROGRAM_NODE_FLAGS } from "@baton-ts/connector-sdk/cli";
import { createSentinelOneClient, sentineloneConnector } from "../dist/index.js";

const size = (name, fallback) => Number(process.env[`BENCH_${name}`] ?? fallback);
const sizes = {
  seed: size("SEED", 1),
  accounts: size("ACCOUNTS", 10),
  sites: size("SITES", 500),
  users: size("USERS", 50_000),
  serviceUsers: size("SERVICE_USERS", 2_000),
  roles: size("ROLES", 40),
};

if (process.env.BENCH_CHILD === undefined && process.execArgv.length === 0) {
  // Each flag set in its own process, so that each peak RSS is that run's alone.
  for (const { label, flags } of [
    { label: "baton-sentinel-one's flags", flags: [...PROGRAM_NODE_FLAGS] },
    { label: "Node's defaults", flags: [] },
  ]) {
    console.log(`\n=== ${label}: node ${flags.join(" ") || "(no flags)"}`);
    const run = fork(new URL(import.meta.url), {
      env: { ...process.env, BENCH_CHILD: "1" },
      execArgv: flags,
    });
    const code = await new Promise((resolve) => run.once("exit", resolve));
    if (code !== 0) throw new Error(`the benchmark with ${label} exited with ${code}`);
  }
  process.exit(0);
}

const child = fork(new URL("./simulator-process.mjs", import.meta.url), [JSON.stringify(sizes)], {
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const next = (type) =>
  new Promise((resolve) => {
    const onMessage = (message) => {
      if (message?.type === type) {
        child.off("message", onMessage);
        resolve(message);
      }
    };
    child.on("message", onMessage);
  });

const dir = await mkdtemp(join(tmpdir(), "s1-bench-"));
try {
  const { url, token } = await next("ready");
  const logger = createLogger({ level: "warn", format: "console", stream: process.stderr });
  const client = createSentinelOneClient({
    apiToken: token,
    managementConsoleUrl: url,
    logger,
    userAgent: "baton-sentinel-one/bench",
  });
  const file = join(dir, "bench.c1z");
  const started = performance.now();
  const connectorOnly = process.env.BENCH_MODE === "connector-only";
  const summary = connectorOnly
    ? await walkConnector(client, logger)
    : await runSync({ connector: sentineloneConnector, client, file, logger, progressIntervalMs: 0 });
  const wallMs = performance.now() - started;
  child.send({ type: "calls" });
  const { calls, limits, emptyCursors, rssMb: simulatorRssMb } = await next("calls");
  const totalCalls = Object.values(calls).reduce((a, b) => a + b, 0);
  const objects = sizes.accounts + sizes.sites + sizes.users + sizes.serviceUsers + sizes.roles;

  console.log(
    `SentinelOne connector benchmark (simulator in a separate process${connectorOnly ? "; connector calls only, no engine or c1z" : ""})`,
  );
  console.log(`tenant: ${JSON.stringify(sizes)}`);
  console.log(`node flags: ${process.execArgv.join(" ") || "(defaults)"}`);
  console.log(`wall time: ${(wallMs / 1000).toFixed(2)} s`);
  console.log(
    `stored: ${JSON.stringify(summary.resources)}; entitlements ${summary.entitlements}; grants ${summary.grants}`,
  );
  console.log(`grants/s end to end: ${Math.round(summary.grants / (wallMs / 1000))}`);
  console.log(`API calls per endpoint (simulator log): ${JSON.stringify(calls)}`);
  console.log(
    `API calls total: ${totalCalls} for ${objects} objects (minimum: one call per 1,000 objects per kind + validation)`,
  );
  console.log(`client stats: ${JSON.stringify(client.http.stats())}`);
  console.log(`page sizes sent: ${limits.join(", ")}; empty cursors sent: ${emptyCursors}`);
  if (!connectorOnly) console.log(`c1z size: ${((await stat(file)).size / 1e6).toFixed(1)} MB`);
  console.log(
    `peak RSS (connector process): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (target < 300 MB)`,
  );
  console.log(`peak RSS (simulator process): ${simulatorRssMb} MB`);
} finally {
  child.send({ type: "stop" });
  await rm(dir, { recursive: true, force: true });
}

/** Every page of every type, then entitlements and grants of each resource, keeping only counts. */
async function walkConnector(client, logger) {
  const ctx = { logger, signal: new AbortController().signal };
  const resources = {};
  let entitlements = 0;
  let grants = 0;
  for (const type of sentineloneConnector.resourceTypes) {
    let cursor;
    do {
      const page = await type.list(client, { cursor }, ctx);
      resources[type.id] = (resources[type.id] ?? 0) + page.items.length;
      for (const resource of page.items) {
        if (type.skipEntitlementsAndGrants) continue;
        if (type.entitlements)
          entitlements += (await type.entitlements(client, { resource }, ctx)).items.length;
        if (type.grants) grants += (await type.grants(client, { resource }, ctx)).items.length;
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return { resources, entitlements, grants };
}
