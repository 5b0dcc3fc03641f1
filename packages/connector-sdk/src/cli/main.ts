import type { AnyConnectorDefinition } from "../contract/connector.js";
import { ExitCode } from "./exit-codes.js";
import { runProgram } from "./program.js";

export interface MainOptions {
  /** The program's name, e.g. `baton-segment`. */
  readonly program: string;
  readonly version?: string;
}

/**
 * The entry point of every bin: wires the process (argv, env, stdio, signals) to runProgram and
 * exits with its code. The first SIGINT/SIGTERM asks the run to stop at the next checkpoint; a
 * second one exits at once.
 */
export const runMain = async (connector: AnyConnectorDefinition, options: MainOptions): Promise<never> => {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort(new Error("interrupted by a signal"));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A reader that goes away (`baton-segment capabilities | head -1`) is not a failure of the program.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(ExitCode.ok);
    throw error;
  });
  let code: number;
  try {
    code = await runProgram(connector, {
      argv: process.argv.slice(2),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      program: options.program,
      signal: controller.signal,
      ...(options.version === undefined ? {} : { version: options.version }),
    });
  } catch (error) {
    // A bug in the program layer itself; connector failures are reported by runProgram.
    process.stderr.write(
      `Internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    code = ExitCode.failure;
  }
  // Exit explicitly: keep-alive sockets of the HTTP agent must not hold the process open.
  await flush(process.stdout);
  await flush(process.stderr);
  process.exit(code);
};

const flush = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) => {
    stream.write("", () => resolve());
  });
