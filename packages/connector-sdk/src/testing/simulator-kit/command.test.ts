import { describe, expect, it } from "vitest";
import {
  parseSimulatorArgs,
  runSimulatorCommand,
  type SimulatorCommand,
  type SimulatorCommandOptions,
  shellQuote,
} from "./command.js";

const started: SimulatorCommandOptions[] = [];
let closed = 0;
const command: SimulatorCommand = {
  name: "acme",
  title: "Acme API simulator",
  sizes: {
    users: { default: 10, description: "users" },
    serviceUsers: { default: 2, description: "service users" },
  },
  start: async (options) => {
    started.push(options);
    return {
      url: "http://127.0.0.1:4321",
      token: "tok",
      otherTokens: { "read-only": "ro" },
      summary: `${options.size.users} users`,
      syncCommand: (file) => ["pnpm", "-w", "baton-acme", "--token", "tok", "-f", file],
      close: async () => {
        closed++;
      },
    };
  },
};

describe("parseSimulatorArgs", () => {
  it("reads sizes as kebab-case flags, with defaults", () => {
    expect(parseSimulatorArgs(command, ["--service-users", "5", "--seed", "9"])).toEqual({
      seed: 9,
      size: { users: 10, serviceUsers: 5 },
      port: 0,
      latencyMs: 0,
      file: undefined,
    });
    expect(parseSimulatorArgs(command, ["-h"])).toBe("help");
  });

  it("names a wrong value or flag and what is allowed", () => {
    expect(() => parseSimulatorArgs(command, ["--users", "many"])).toThrow(
      '--users must be a whole number from 0 to 9007199254740991, got "many"',
    );
    expect(() => parseSimulatorArgs(command, ["--port", "70000"])).toThrow(
      "--port must be a whole number from 0 to 65535",
    );
    expect(() => parseSimulatorArgs(command, ["--groups", "3"])).toThrow(
      "the flags are --users, --service-users, --seed, --port, --latency-ms, --file, --help",
    );
  });
});

describe("runSimulatorCommand", () => {
  it("prints the URL, the tokens and a quoted sync command line, serves until stopped, then closes", async () => {
    let out = "";
    let stop: (value?: unknown) => void = () => {};
    const running = runSimulatorCommand(command, ["--users", "3", "--file", "my dir/x.c1z"], {
      stdout: (text) => {
        out += text;
      },
      stderr: () => {},
      cwd: "/home/me",
      stopped: new Promise((resolve) => {
        stop = resolve;
      }),
    });
    await expect.poll(() => out).toContain("Ctrl-C stops the simulator.");
    expect(out).toContain("Acme API simulator (seed 1): 3 users");
    expect(out).toContain("URL:    http://127.0.0.1:4321\nToken:  tok\nOther tokens: ro (read-only)");
    expect(out).toContain("State:  http://127.0.0.1:4321/_simulator/state");
    expect(out).toContain("  pnpm -w baton-acme --token tok -f '/home/me/my dir/x.c1z'\n");
    expect(closed).toBe(0);
    stop();
    expect(await running).toBe(0);
    expect(closed).toBe(1);
    expect(out).toMatch(/Simulator stopped\.\n$/);
    expect(started.at(-1)).toMatchObject({ size: { users: 3, serviceUsers: 2 } });
  });

  it("exits 2 with the reason on stderr for a usage error, and prints help", async () => {
    let err = "";
    let out = "";
    const io = {
      stdout: (text: string) => {
        out += text;
      },
      stderr: (text: string) => {
        err += text;
      },
      cwd: "/",
    };
    expect(await runSimulatorCommand(command, ["--users=-1"], io)).toBe(2);
    expect(err).toBe(
      'pnpm simulate acme: --users must be a whole number from 0 to 9007199254740991, got "-1"\nSee `pnpm simulate acme --help`.\n',
    );
    expect(await runSimulatorCommand(command, ["--help"], io)).toBe(0);
    expect(out).toContain("--service-users <n>");
    expect(out).toContain("service users (default 2)");
  });

  it("quotes only what a shell would split or expand", () => {
    expect(shellQuote("http://127.0.0.1:80/x")).toBe("http://127.0.0.1:80/x");
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
    expect(shellQuote("$HOME")).toBe("'$HOME'");
  });
});
