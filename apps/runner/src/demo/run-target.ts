import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { spawnProgram } from "@baton-ts/connector-sdk/testing";
import { programPath } from "../program-path.js";
import { formatCalls, formatCounts, formatDuration, type Printer, total } from "./report.js";
import { type DemoTarget, grantIdOf } from "./target.js";

export interface TargetResult {
  readonly title: string;
  readonly file: string;
  readonly apiCalls: number;
  readonly durationMs: number;
}

interface StepResult {
  readonly stdout: string;
  readonly calls: Record<string, number>;
}

/**
 * The demo for one connector: sync the simulator into a c1z, grant one entitlement read from that
 * c1z, sync again (Baton's revoke reads the grant from the file, as the Go CLI does), revoke it. Each
 * step runs the real program as its own process, configured only through BATON_* variables and flags.
 */
export const runTarget = async (
  target: DemoTarget,
  print: Printer,
  workDir: string,
): Promise<TargetResult> => {
  const started = performance.now();
  const file = join(workDir, `${target.program}.c1z`);
  const running = await target.start();
  let apiCalls = 0;

  const step = async (label: string, args: readonly string[]): Promise<StepResult> => {
    running.resetCalls();
    const run = await spawnProgram(programPath(target.packageName, target.program), args, running.env);
    const calls = running.calls();
    apiCalls += total(calls);
    print.step(label, `${target.program} ${args.join(" ")}`);
    print.detail(`${formatDuration(run.durationMs)}, ${total(calls)} API calls`);
    if (run.code !== 0) {
      throw new Error(`${target.program} exited with code ${run.code}:\n${run.stderr}${run.stdout}`);
    }
    return { stdout: run.stdout.trim(), calls };
  };

  try {
    print.heading(`${target.title}: ${running.description}`);

    const sync = await step("sync", ["-f", file]);
    print.detail(`API calls per endpoint: ${formatCalls(sync.calls)}`);
    const choice = await readC1z(file, (c1z) => {
      const stats = c1z.stats();
      print.detail(`resources per type: ${formatCounts(stats.resources)}`);
      print.detail(
        `${stats.entitlements.toLocaleString("en-US")} entitlements, ${stats.grants.toLocaleString("en-US")} grants`,
      );
      return running.chooseGrant(c1z);
    });

    print.note(`Grant ${choice.entitlementName} to ${choice.principalName}, ids read from the c1z:`);
    const grant = await step("grant", [
      "-f",
      file,
      "-p",
      "--grant-entitlement",
      choice.entitlementId,
      "--grant-principal",
      choice.principalId,
      "--grant-principal-type",
      choice.principalType,
    ]);
    print.detail(grant.stdout);
    print.detail(`simulator: ${running.describeState(choice)}`);

    print.note("Sync again, so that the c1z holds the new grant (revoke reads it from there):");
    await step("sync", ["-f", file]);
    const grantId = grantIdOf(choice);
    const held = await readC1z(file, (c1z) => c1z.getGrant(grantId) !== undefined);
    print.detail(`grant ${grantId} in the c1z: ${held ? "yes" : "no"}`);

    print.note("Revoke it:");
    const revoke = await step("revoke", ["-f", file, "-p", "--revoke-grant", grantId]);
    print.detail(revoke.stdout);
    print.detail(`simulator: ${running.describeState(choice)}`);
  } finally {
    await running.close();
  }
  return { title: target.title, file, apiCalls, durationMs: performance.now() - started };
};

const readC1z = async <T>(file: string, read: (c1z: C1zFile) => T): Promise<T> => {
  const c1z = await C1zFile.open(file, { readOnly: true });
  try {
    return read(c1z);
  } finally {
    c1z.close();
  }
};
