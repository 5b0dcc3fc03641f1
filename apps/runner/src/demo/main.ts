// `pnpm start`: the README's main job. Starts each connector's API simulator in this process, runs
// the real programs against it (sync, grant, sync, revoke) and prints what they did.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrinter, formatDuration } from "./report.js";
import { runTarget, type TargetResult } from "./run-target.js";
import { DEMO_TARGETS } from "./targets.js";

const print = createPrinter((text) => process.stdout.write(text));
process.stdout.write(
  "baton-ts demo: each connector's program syncs a simulated tenant into a c1z file, then grants and\n" +
    "revokes one entitlement, exactly as a person would from a shell (no real API, no credentials needed).\n",
);

// Each program writes its c1z here; the files are kept so that a newcomer can look at them.
const workDir = await mkdtemp(join(tmpdir(), "baton-demo-"));
const results: TargetResult[] = [];
for (const target of DEMO_TARGETS) {
  try {
    results.push(await runTarget(target, print, workDir));
  } catch (error) {
    process.stderr.write(
      `\nThe ${target.title} demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

process.stdout.write("\n== Done\n");
for (const result of results) {
  process.stdout.write(
    `  ${result.title.padEnd(12)} ${formatDuration(result.durationMs).padStart(8)}, ${result.apiCalls} API calls, c1z file: ${result.file}\n`,
  );
}
process.stdout.write(
  "\nRun a program yourself: pnpm baton-segment --help, pnpm baton-sentinel-one --help (docs/running.md).\n",
);
