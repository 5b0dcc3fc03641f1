// What each bundling choice buys (printed, not asserted): `pnpm --filter @baton-ts/runner bench:choices`.
// Builds baton-segment once with every choice (as dist/programs has it) and once without each one, into a
// temporary directory, and prints the median `--help` CPU time, wall time and peak RSS of BENCH_RUNS runs
// (default 9) of each, with the program's V8 flags. Wall time follows the machine's load; CPU and RSS less so.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROGRAM_NODE_FLAGS } from "@baton-ts/connector-sdk/cli";
import { BUNDLE_CHOICES, type BundleChoice, bundlePrograms } from "../src/programs/bundle-programs.ts";
import { PROGRAMS } from "../src/programs/programs.ts";
import { measure, median } from "./measure.ts";

const runner = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 9);
const segment = PROGRAMS.filter((p) => p.program === "baton-segment");
const dir = mkdtempSync(join(tmpdir(), "runner-bundle-choices-"));
console.log(
  `load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")}; median of ${runs} runs of baton-segment --help`,
);
try {
  for (const without of [undefined, ...BUNDLE_CHOICES] as (BundleChoice | undefined)[]) {
    const outdir = join(dir, without ?? "all");
    await bundlePrograms(runner, {
      outdir,
      programs: segment,
      without: without === undefined ? [] : [without],
    });
    const file = join(outdir, "baton-segment.mjs");
    await measure(PROGRAM_NODE_FLAGS, file, ["--help"]);
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await measure(PROGRAM_NODE_FLAGS, file, ["--help"]));
    const cpu = median(results.map((r) => r.cpuMs));
    const wall = median(results.map((r) => r.wallMs));
    const rss = median(results.map((r) => r.peakRssMb));
    console.log(
      `${(without === undefined ? "every choice" : `without ${without}`).padEnd(32)} ${(statSync(file).size / 1e6).toFixed(2)} MB  cpu ${cpu.toFixed(0).padStart(4)} ms  wall ${wall.toFixed(0).padStart(4)} ms  peak RSS ${rss.toFixed(1)} MB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
