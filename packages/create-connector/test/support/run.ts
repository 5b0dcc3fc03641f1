import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository this test runs in. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
/** The built generator (turbo builds it before this package's tests). */
export const GENERATOR = join(REPO_ROOT, "packages/create-connector/dist/cli.js");

export interface Run {
  readonly command: string;
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

/**
 * The environment of a command this test runs as a user would: this process's, with this Node first on
 * PATH, less what vitest set for itself (a nested vitest would take it as its own).
 */
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TINYPOOL|__VITEST|NODE_OPTIONS$|NODE_ENV$)/.test(key)) env[key] = value;
  }
  env.PATH = `${join(process.execPath, "..")}:${process.env.PATH ?? ""}`;
  env.TURBO_TELEMETRY_DISABLED = "1";
  return env;
};

/** Runs a command to its end, output (stdout and stderr interleaved) captured. */
export const run = (command: string, args: readonly string[], cwd: string): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: string) => {
      output += chunk;
    };
    child.stdout.setEncoding("utf8").on("data", keep);
    child.stderr.setEncoding("utf8").on("data", keep);
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        command: [command, ...args].join(" "),
        code,
        output,
        seconds: (performance.now() - started) / 1000,
      }),
    );
  });

/** A run that must succeed: on failure the error carries the command and its output's end. */
export const mustRun = async (command: string, args: readonly string[], cwd: string): Promise<Run> => {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(
      `\`${result.command}\` in ${cwd} exited with ${result.code}:\n${result.output.slice(-6000)}`,
    );
  }
  return result;
};
