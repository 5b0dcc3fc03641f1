// Benchmark: baton-segment in service mode against the testing kit's fake ConductorOne (issue 8's figures),
// printed, not asserted. Run after a build: `pnpm --filter @baton-ts/connector-segment bench:service`.
// The simulator runs in a child process (as in bench/sync.ts); the program is the built bin, spawned with
// its V8 flags and environment variables only, as the seed guides' Secret runs it.
// Figures: start to Hello (median of BENCH_STARTS, default 5); a sync task's time (enqueue → FinishTask)
// against a one-shot sync of the same tenant (spawn → exit); peak RSS (VmHWM) of the service process after
// the first sync task and after BENCH_TASKS (default 25) consecutive ones.
// Options: BENCH_USERS (default 1000), BENCH_GROUPS (default 60).
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { programNodeFlags, startFakeConductorOne } from "@baton-ts/connector-sdk/testing";

const users = Number(process.env.BENCH_USERS ?? 1000);
const groups = Number(process.env.BENCH_GROUPS ?? 60);
const starts = Number(process.env.BENCH_STARTS ?? 5);
const tasks = Number(process.env.BENCH_TASKS ?? 25);
const size = { users, groups, sources: 100, invites: 20, warehouses: 5, functionsPerType: 3, spaces: 2 };
const bin = fileURLToPath(new URL("../dist/bin/baton-segment.js", import.meta.url));

const sim = fork(new URL("./simulator-process.ts", import.meta.url), [
  JSON.stringify({ seed: 42, size, iamWriteLimit: false }),
]);
const { url, token } = await new Promise<{ url: string; token: string }>((resolve) =>
  sim.once("message", (m) => resolve(m as { url: string; token: string })),
);
const c1 = await startFakeConductorOne({ nextPollMs: 10, nextHeartbeatMs: 5_000 });
const dir = mkdtempSync(join(tmpdir(), "segment-service-bench-"));
// glibc's allocator setting passes through (the images set MALLOC_ARENA_MAX=2: see docs/deploying.md).
const arenas = process.env.MALLOC_ARENA_MAX;
const env = {
  PATH: process.env.PATH ?? "",
  BATON_TOKEN: token,
  BATON_BASE_URL: url,
  BATON_TMPDIR: dir,
  ...(arenas === undefined ? {} : { MALLOC_ARENA_MAX: arenas }),
};

const launch = (
  args: string[],
  extra: Record<string, string>,
): { child: ChildProcess; exited: Promise<number | null> } => {
  const child = spawn(process.execPath, [...programNodeFlags(bin), bin, ...args], {
    env: { ...env, ...extra },
    stdio: ["ignore", "ignore", "ignore"],
  });
  return { child, exited: new Promise((resolve) => child.on("close", (code) => resolve(code))) };
};
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const peakRssMb = (pid: number | undefined): number => {
  const line =
    readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmHWM:")) ?? "";
  return Number(line.replace(/\D+/g, "")) / 1024;
};
const ms = (value: number): string => `${value.toFixed(0)} ms`;

// 1. Start to Hello.
const helloTimes: number[] = [];
for (let i = 0; i < starts; i += 1) {
  const since = c1.calls.length;
  const started = performance.now();
  const run = launch([], c1.env());
  await c1.waitFor((call) => call.name === "Hello" && call.ok, { since, timeoutMs: 60_000 });
  helloTimes.push(performance.now() - started);
  run.child.kill("SIGTERM");
  await run.exited;
}

// 2. One-shot sync of the same tenant.
const oneShotTimes: number[] = [];
for (let i = 0; i < 3; i += 1) {
  const started = performance.now();
  const run = launch(["-f", join(dir, `one-shot-${i}.c1z`)], {});
  if ((await run.exited) !== 0) throw new Error("the one-shot sync failed");
  oneShotTimes.push(performance.now() - started);
}

// 3. Consecutive sync tasks in one service process.
const service = launch([], c1.env());
await c1.waitFor((call) => call.name === "Hello" && call.ok, { since: 0, timeoutMs: 60_000 });
const taskTimes: number[] = [];
let rssAfterFirst = 0;
for (let i = 0; i < tasks; i += 1) {
  const started = performance.now();
  const id = c1.enqueueSync();
  const finish = await c1.finished(id, { timeoutMs: 600_000 });
  if (finish.success === undefined)
    throw new Error(`sync task ${i + 1} failed: ${JSON.stringify(finish.status)}`);
  taskTimes.push(performance.now() - started);
  if (i === 0) rssAfterFirst = peakRssMb(service.child.pid);
}
const rssAfterAll = peakRssMb(service.child.pid);
service.child.kill("SIGTERM");
await service.exited;

console.log(
  `\nbaton-segment in service mode: ${users} users, ${groups} groups (simulated), fake ConductorOne`,
);
console.log(
  `  start to Hello            median ${ms(median(helloTimes))} of ${starts} (${helloTimes.map(ms).join(", ")})`,
);
console.log(`  one-shot sync (spawn→exit) median ${ms(median(oneShotTimes))} of 3`);
console.log(
  `  sync task (enqueue→finish) median ${ms(median(taskTimes))} of ${tasks}, first ${ms(taskTimes[0] ?? 0)}`,
);
console.log(`  peak RSS after task 1      ${rssAfterFirst.toFixed(1)} MB`);
console.log(
  `  peak RSS after task ${tasks}     ${rssAfterAll.toFixed(1)} MB (${(((rssAfterAll - rssAfterFirst) / rssAfterFirst) * 100).toFixed(1)}% more)`,
);

await c1.close();
sim.send("close");
rmSync(dir, { recursive: true, force: true });
