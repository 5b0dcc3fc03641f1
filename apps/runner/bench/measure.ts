import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly code: number | null;
  readonly stderr: string;
}

const METER = new URL("./peak-rss.cjs", import.meta.url).pathname;

/** Runs `node <flags> <file> <args>` once and returns its wall time, CPU time and peak RSS. */
export const measure = async (
  nodeFlags: readonly string[],
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> => {
  const dir = mkdtempSync(join(tmpdir(), "runner-bench-"));
  const meterFile = join(dir, "meter.json");
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, "--require", METER, file, ...args], {
      env: { ...env, BENCH_METER_FILE: meterFile },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    const wallMs = performance.now() - started;
    const meter = JSON.parse(readFileSync(meterFile, "utf8")) as { maxRssKb: number; cpuMs: number };
    return { wallMs, cpuMs: meter.cpuMs, peakRssMb: meter.maxRssKb / 1024, code, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
