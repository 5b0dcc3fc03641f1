import { type ChildProcess, spawn } from "node:child_process";
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

/** A program started in the background: its process, its exit, everything it printed so far. */
export interface RunningProgram {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  /** Resolves once the output matches `pattern`; rejects if the program exits first. */
  printed(pattern: RegExp): Promise<void>;
}

/**
 * Starts a built program (with the V8 flags of its first line) in the background, with only PATH and
 * the given variables, as a long-running service is started (e.g. service mode, to be stopped with a
 * signal). The caller owns the process: kill it when done.
 */
export const startProgram = (
  scriptPath: string | URL,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): RunningProgram => {
  const path = typeof scriptPath === "string" ? scriptPath : fileURLToPath(scriptPath);
  const child = spawn(process.execPath, [...programNodeFlags(path), path, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const collect = (chunk: string): void => {
    text += chunk;
  };
  child.stdout?.setEncoding("utf8").on("data", collect);
  child.stderr?.setEncoding("utf8").on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const printed = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pattern.test(text)) return;
        child.stdout?.off("data", check);
        child.stderr?.off("data", check);
        resolve();
      };
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
      exited.then(() =>
        reject(new Error(`the program exited before printing ${pattern}:\n${text.slice(-2000)}`)),
      );
      check();
    });
  return { child, exited, output: () => text, printed };
};
