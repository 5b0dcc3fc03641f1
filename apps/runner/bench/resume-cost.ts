// What resuming costs, for both connectors: a sync against the simulator killed with SIGKILL when all
// runs together reach 30, 60 and 90% of a clean sync's connector calls, then finished. Prints the clean
// sync's calls and requests, each run's, all runs together, and what the kit allows (the calls in flight
// at each kill, at their clean cost, and a validate per resumed run): a connector that keeps per-sync
// state in its client's memory redoes requests after every kill.
// Run with `pnpm --filter @baton-ts/runner bench` (builds first). SEGMENT_USERS (default 1500),
// SEGMENT_LATENCY_MS (default 8) and SENTINELONE_USERS (default 1200) change the tenants; KILL_AT (JSON
// kill points, e.g. '[{"calls":27}]') replaces the 30/60/90% kills: Segment makes nearly all its requests
// in the label scan's few calls, which fractions of calls pass over, so kills by call number land in it.
import { fileURLToPath } from "node:url";
import { type KillAndResumeResult, type KillPoint, runKillAndResume } from "@baton-ts/connector-sdk/testing";
import { startSegmentSimulator } from "@baton-ts/connector-segment/simulator";
import { startSentinelOneSimulator } from "@baton-ts/connector-sentinelone/simulator";

const worker = (pkg: string): string =>
  fileURLToPath(new URL(`../../../packages/${pkg}/test/kill-worker.mjs`, import.meta.url));
const killAt: KillPoint[] =
  process.env.KILL_AT === undefined
    ? [{ fraction: 0.3 }, { fraction: 0.6 }, { fraction: 0.9 }]
    : JSON.parse(process.env.KILL_AT);

const report = (name: string, result: KillAndResumeResult, seconds: number): void => {
  const { clean, total, allowance } = result.work;
  const killed = result.kills.reduce(
    (sum, kill) => ({ calls: sum.calls + kill.calls, requests: sum.requests + kill.requests }),
    {
      calls: 0,
      requests: 0,
    },
  );
  console.log(`\n${name} (${seconds.toFixed(1)} s)`);
  console.log(`  clean sync           ${clean.calls} calls, ${clean.requests} requests`);
  for (const [index, kill] of result.kills.entries()) {
    console.log(
      `  run ${index + 1} (killed at ${JSON.stringify(kill.point)})  ${kill.calls} calls, ${kill.requests} requests, ${kill.inFlight} calls in flight`,
    );
  }
  console.log(
    `  final run            ${total.calls - killed.calls} calls, ${total.requests - killed.requests} requests`,
  );
  console.log(`  all runs             ${total.calls} calls, ${total.requests} requests`);
  console.log(`  allowed on top       ${allowance.calls} calls, ${allowance.requests} requests`);
  console.log(
    `  redone beyond that   ${Math.max(0, total.requests - clean.requests - allowance.requests)} requests`,
  );
};

const segment = await startSegmentSimulator({
  seed: 31,
  size: { users: Number(process.env.SEGMENT_USERS ?? 1500), groups: 12, invites: 10, sources: 60 },
  latencyMs: Number(process.env.SEGMENT_LATENCY_MS ?? 8),
});
try {
  const started = performance.now();
  const result = await runKillAndResume({
    workerModule: worker("connector-segment"),
    target: segment.url,
    killAt,
    checkpoint: { maxDelayMs: 0 },
  });
  report(`Segment, ${process.env.SEGMENT_USERS ?? 1500} users`, result, (performance.now() - started) / 1000);
} finally {
  await segment.close();
}

const sentinelone = await startSentinelOneSimulator({
  seed: 31,
  accounts: 3,
  sites: 8,
  users: Number(process.env.SENTINELONE_USERS ?? 1200),
  serviceUsers: 30,
  roles: 16,
});
try {
  const started = performance.now();
  const result = await runKillAndResume({
    workerModule: worker("connector-sentinelone"),
    target: sentinelone.url,
    killAt,
    checkpoint: { maxDelayMs: 0 },
  });
  report(
    `SentinelOne, ${process.env.SENTINELONE_USERS ?? 1200} users`,
    result,
    (performance.now() - started) / 1000,
  );
} finally {
  await sentinelone.close();
}
