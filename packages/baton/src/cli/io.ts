import { once } from "node:events";

/** Where the program reads its environment and writes its output: the process, or a test's buffers. */
export interface BatonIo {
  stdout: NodeJS.WritableStream & { columns?: number; isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Stops long-running commands (the explorer); the program wires SIGINT/SIGTERM to it. */
  signal?: AbortSignal;
}

/** Text output that waits when the stream's buffer is full, so a million rows never pile up in memory. */
export class Out {
  constructor(readonly stream: NodeJS.WritableStream) {}

  async write(text: string): Promise<void> {
    if (text === "") return;
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }
}

/**
 * The width console tables fit into: the terminal's columns, or $COLUMNS; unlimited when the output is
 * not a terminal (piped into a file or another program, where wrapping would only get in the way).
 */
export function terminalWidth(io: BatonIo): number | undefined {
  if (io.stdout.isTTY && io.stdout.columns) return io.stdout.columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 20 ? fromEnv : undefined;
}
