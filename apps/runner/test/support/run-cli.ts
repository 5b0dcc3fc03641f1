import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const binPath = (program: string): string =>
  fileURLToPath(new URL(`../../dist/bin/${program}.js`, import.meta.url));

/**
 * Runs a built program the way a person or a container does: a fresh Node process (the Node 24 that
 * runs vitest) with only the given environment, so no BATON_* variable leaks in from the caller.
 * Asynchronous on purpose: the simulators answering it live in this test process.
 */
export const runCli = (
  program: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath(program), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

/** The JSON log lines a run wrote to stderr (other lines, e.g. usage errors, are skipped). */
export const jsonLogLines = (stderr: string): Record<string, unknown>[] =>
  stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
