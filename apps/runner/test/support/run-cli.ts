import { fileURLToPath } from "node:url";
import { type ProgramRun, spawnProgram } from "../../src/spawn-program.js";

/** Runs `dist/bin/<program>.js` (build first: turbo's test task depends on build). */
export const runCli = (
  program: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  options: { readonly cwd?: string } = {},
): Promise<ProgramRun> =>
  spawnProgram(fileURLToPath(new URL(`../../dist/bin/${program}.js`, import.meta.url)), args, env, options);

/** The JSON log lines a run wrote to stderr (other lines, e.g. usage errors, are skipped). */
export const jsonLogLines = (stderr: string): Record<string, unknown>[] =>
  stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
