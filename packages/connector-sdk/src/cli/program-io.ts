/** Everything a program run touches from its surroundings, so tests can run it in-process. */
export interface ProgramIo {
  /** Arguments after the program name. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Command output: summaries, capabilities JSON, help. */
  readonly stdout: NodeJS.WritableStream;
  /** Log lines and usage errors. */
  readonly stderr: NodeJS.WritableStream;
  /** The program's version (`--version`); defaults to the connector's. */
  readonly version?: string;
  /** The program's name in help and messages; defaults to `baton-<connector id>`. */
  readonly program?: string;
  /** Aborted on SIGINT/SIGTERM: a sync stops at the next page boundary and keeps its checkpoint. */
  readonly signal?: AbortSignal;
}
