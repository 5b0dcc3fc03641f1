import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { programNodeFlags } from "./node-flags.js";

export interface ProgramRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/**
 * Runs a built program (a script run by this process's Node, with the V8 flags of its first line) as its
 * own process, as a person would, with only PATH and the given variables, so no BATON_* variable leaks in from the caller.
 * Asynchronous so that a simulator answering it keeps serving from the calling process.
 */
export const spawnProgram = (
  scriptPath: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: { readonly cwd?: string } = {},
): Promise<ProgramRun> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...programNodeFlags(scriptPath), scriptPath, ...args], {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { PATH: process.env.PATH ?? "", ...env },
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
    child.on("close", (code) => resolve({ code, stdout, stderr, durationMs: performance.now() - started }));
  });

/**
 * `spawnProgram` bound to one built program, e.g.
 * `const runCli = programRunner(new URL("../dist/bin/baton-example.js", import.meta.url))` in a
 * connector's end-to-end tests (build first: turbo's test task depends on build).
 */
export const programRunner =
  (bin: URL) =>
  (
    args: readonly string[],
    env: Readonly<Record<string, string>> = {},
    options: { readonly cwd?: string } = {},
  ): Promise<ProgramRun> =>
    spawnProgram(fileURLToPath(bin), args, env, options);
