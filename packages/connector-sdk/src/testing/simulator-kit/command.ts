import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SIMULATOR_STATE_PATH } from "./server.js";

/** One size a simulator can be started at, e.g. `users`: its `--users` flag. */
export interface SimulatorSizeFlag {
  readonly default: number;
  readonly description: string;
}

/** What the command passes to `start`. */
export interface SimulatorCommandOptions {
  readonly seed: number;
  /** Every size of `sizes`, from its flag or its default. */
  readonly size: Readonly<Record<string, number>>;
  /** 0: a free port. */
  readonly port: number;
  readonly latencyMs: number;
}

/** A simulator the command started. */
export interface StartedSimulator {
  readonly url: string;
  /** The token a sync should use. */
  readonly token: string;
  /** Other ready-made tokens, by what they are (e.g. `site-scoped`). */
  readonly otherTokens?: Readonly<Record<string, string>>;
  /** What was generated, e.g. `500 users, 5 groups`. */
  readonly summary: string;
  /** The sync command line for a c1z at `file`, as arguments (the command quotes them for a shell). */
  syncCommand(file: string): readonly string[];
  close(): Promise<void>;
}

/** A connector's "start my simulator by hand" command. */
export interface SimulatorCommand {
  /** Short name (`segment`): the default c1z is `<name>-sim.c1z`. */
  readonly name: string;
  /** Shown first, e.g. `Segment Public API simulator`. */
  readonly title: string;
  /** Its sizes, by option name (camelCase; the flag is kebab-case: `serviceUsers` → `--service-users`). */
  readonly sizes: Readonly<Record<string, SimulatorSizeFlag>>;
  readonly start: (options: SimulatorCommandOptions) => Promise<StartedSimulator>;
}

/** Where the command writes and how it stops; a test passes its own. */
export interface SimulatorCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The directory a relative `--file` is resolved against (default: where the command was started). */
  readonly cwd: string;
  /** Resolves when the simulator should stop (default: SIGINT or SIGTERM). */
  readonly stopped: Promise<unknown>;
}

/** A wrong flag or value: the message says which and what is allowed. */
export class SimulatorUsageError extends Error {
  override readonly name = "SimulatorUsageError";
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const wholeNumber = (flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) {
    throw new SimulatorUsageError(`--${flag} must be a whole number from 0 to ${max}, got "${text}"`);
  }
  return value;
};

/** The command's help text. */
export const simulatorCommandHelp = (command: SimulatorCommand, invocation: string): string => {
  const row = (flag: string, meaning: string) => `  ${flag.padEnd(26)}${meaning}`;
  const lines = [
    `${command.title}: serves a seeded, simulated tenant on 127.0.0.1 until Ctrl-C.`,
    "",
    `Usage: ${invocation} [flags]`,
    "",
    "Sizes:",
    ...Object.entries(command.sizes).map(([name, size]) =>
      row(`--${kebab(name)} <n>`, `${size.description} (default ${size.default})`),
    ),
    "",
    "Other flags:",
    row("--seed <n>", "the same seed and sizes give the same tenant (default 1)"),
    row("--port <n>", "listen on this port (default: a free one)"),
    row("--latency-ms <n>", "delay every reply (default 0)"),
    row("--file <path>", `the c1z in the printed sync command (default ./${command.name}-sim.c1z)`),
    row("-h, --help", "this help"),
  ];
  return `${lines.join("\n")}\n`;
};

/** Reads the command's flags; throws SimulatorUsageError naming a wrong flag or value. */
export const parseSimulatorArgs = (
  command: SimulatorCommand,
  argv: readonly string[],
): (SimulatorCommandOptions & { readonly file: string | undefined }) | "help" => {
  const sizeFlags = Object.fromEntries(
    Object.keys(command.sizes).map((name) => [kebab(name), { type: "string" as const }]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...sizeFlags,
        seed: { type: "string" },
        port: { type: "string" },
        "latency-ms": { type: "string" },
        file: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const known = [...Object.keys(sizeFlags), "seed", "port", "latency-ms", "file", "help"].map(
      (f) => `--${f}`,
    );
    throw new SimulatorUsageError(`${(error as Error).message}; the flags are ${known.join(", ")}`);
  }
  if (values.help === true) return "help";
  const text = (flag: string): string | undefined => values[flag] as string | undefined;
  const size = Object.fromEntries(
    Object.entries(command.sizes).map(([name, flag]) => {
      const given = text(kebab(name));
      return [name, given === undefined ? flag.default : wholeNumber(kebab(name), given)];
    }),
  );
  const seed = text("seed");
  const port = text("port");
  const latency = text("latency-ms");
  return {
    seed: seed === undefined ? 1 : wholeNumber("seed", seed, 2 ** 32 - 1),
    size,
    port: port === undefined ? 0 : wholeNumber("port", port, 65_535),
    latencyMs: latency === undefined ? 0 : wholeNumber("latency-ms", latency, 60_000),
    file: text("file"),
  };
};

/** Quotes an argument for a POSIX shell when it needs it. */
export const shellQuote = (arg: string): string =>
  /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;

const stopSignal = (): Promise<unknown> =>
  new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });

/**
 * Runs a connector's simulator command: parses the flags, starts the simulator, prints its URL, token
 * and a ready-to-paste sync command line, serves until Ctrl-C (SIGINT) or SIGTERM, then closes it.
 * Returns the exit code: 0, or 2 for a usage error (printed to stderr with the way to get help).
 */
export const runSimulatorCommand = async (
  command: SimulatorCommand,
  argv: readonly string[],
  io: Partial<SimulatorCommandIo> = {},
): Promise<number> => {
  const out = io.stdout ?? ((text: string) => process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => process.stderr.write(text));
  // pnpm runs scripts in the package's directory and says where it was started in INIT_CWD.
  const cwd = io.cwd ?? process.env.INIT_CWD ?? process.cwd();
  const invocation = `pnpm simulate ${command.name}`;
  let parsed: ReturnType<typeof parseSimulatorArgs>;
  try {
    parsed = parseSimulatorArgs(command, argv);
  } catch (error) {
    if (!(error instanceof SimulatorUsageError)) throw error;
    err(`${invocation}: ${error.message}\nSee \`${invocation} --help\`.\n`);
    return 2;
  }
  if (parsed === "help") {
    out(simulatorCommandHelp(command, invocation));
    return 0;
  }
  const stopped = io.stopped ?? stopSignal();
  const simulator = await command.start(parsed);
  const file = resolve(cwd, parsed.file ?? `${command.name}-sim.c1z`);
  const others = Object.entries(simulator.otherTokens ?? {}).map(([what, token]) => `${token} (${what})`);
  out(
    [
      `${command.title} (seed ${parsed.seed}): ${simulator.summary}`,
      `URL:    ${simulator.url}`,
      `Token:  ${simulator.token}`,
      ...(others.length > 0 ? [`Other tokens: ${others.join(", ")}`] : []),
      `State:  ${simulator.url}${SIMULATOR_STATE_PATH}`,
      "",
      "Sync it (from anywhere in this repository):",
      `  ${simulator.syncCommand(file).map(shellQuote).join(" ")}`,
      "",
      "Ctrl-C stops the simulator.",
      "",
    ].join("\n"),
  );
  await stopped;
  await simulator.close();
  out("Simulator stopped.\n");
  return 0;
};
