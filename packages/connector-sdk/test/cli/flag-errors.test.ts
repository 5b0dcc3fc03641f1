import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ExitCode, runProgram } from "../../src/cli/index.js";
import type { AnyConnectorDefinition } from "../../src/contract/connector.js";
import { captureStream } from "../../src/log/test-stream.js";
import { createSampleDirectory, sampleConnector } from "../../src/sample/index.js";
import { useTempDir } from "../support/files.js";

// What a newcomer meets first: a --file the program cannot use, a principal type that does not fit. Each
// is a usage error (exit 2) naming the flag and the absolute path or the valid values, and leaves nothing
// behind.

const tempDir = useTempDir();
const directory = createSampleDirectory();
const sample: AnyConnectorDefinition = { ...sampleConnector, connect: () => directory };

const run = async (argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runProgram(sample, { argv, env: {}, stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
};

const usage = (message: string): string => `Error: ${message}\nRun 'baton-sample --help' for usage.\n`;

describe("--file the program cannot use", () => {
  it("a missing directory: exit 2 naming the flag and the path, nothing created", async () => {
    const root = tempDir();
    const file = join(root, "missing", "sync.c1z");
    const result = await run(["-f", file]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toBe(
      usage(
        `--file (-f, BATON_FILE): cannot write ${file}: the directory ${join(root, "missing")} does not exist; ` +
          `create it first (mkdir -p ${join(root, "missing")})`,
      ),
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it("a directory: exit 2 for a sync and for a grant that reads it", async () => {
    const root = tempDir();
    const expected = usage(
      `--file (-f, BATON_FILE): ${root} is a directory, not a c1z file: name a file, e.g. ${join(root, "sync.c1z")}`,
    );
    const sync = await run(["-f", root]);
    expect(sync.code).toBe(ExitCode.usage);
    expect(sync.stderr).toBe(expected);
    const grant = await run([
      "-f",
      root,
      "-p",
      "--grant-entitlement",
      "group:security:member",
      "--grant-principal",
      "alice",
      "--grant-principal-type",
      "user",
    ]);
    expect(grant.code).toBe(ExitCode.usage);
    expect(grant.stderr).toBe(expected);
    expect(readdirSync(root)).toEqual([]);
  });

  it("a read-only c1z is refused, not replaced, and keeps its content and mode", async () => {
    const file = join(tempDir(), "kept.c1z");
    expect((await run(["-f", file])).code).toBe(ExitCode.ok);
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const again = await run(["-f", file]);
    expect(again.code).toBe(ExitCode.usage);
    expect(again.stderr).toBe(
      usage(
        `--file (-f, BATON_FILE): ${file} is read-only (mode 0444), so it is not replaced: ` +
          `make it writable (chmod u+w ${file}) or write another file`,
      ),
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });
});

describe("--grant-principal-type", () => {
  it("a type the entitlement cannot be granted to: exit 2 listing the valid types and the closest", async () => {
    const file = join(tempDir(), "sync.c1z");
    expect((await run(["-f", file])).code).toBe(ExitCode.ok);
    const grant = (type: string) =>
      run([
        "-f",
        file,
        "-p",
        "--grant-entitlement",
        "group:security:member",
        "--grant-principal",
        "alice",
        "--grant-principal-type",
        type,
      ]);
    const typo = await grant("usr");
    expect(typo.code).toBe(ExitCode.usage);
    expect(typo.stderr).toBe(
      usage(
        '--grant-principal-type (BATON_GRANT_PRINCIPAL_TYPE): principal type "usr" cannot hold entitlement ' +
          '"group:security:member": it is grantable to user; did you mean "user"?',
      ),
    );
    const role = await grant("role");
    expect(role.code).toBe(ExitCode.usage);
    expect(role.stderr).toContain(
      'principal type "role" cannot hold entitlement "group:security:member": it is grantable to user\n',
    );
    expect((await grant("user")).code).toBe(ExitCode.ok);
  });
});

describe("a relative --file", () => {
  it("is written relative to the working directory, and the summary prints its absolute path", async () => {
    // The built sample program, so that the working directory is the child's own.
    const bin = fileURLToPath(new URL("../../dist/bin/baton-sample.js", import.meta.url));
    const cwd = tempDir();
    mkdirSync(join(cwd, "out"));
    const child = spawn(process.execPath, [bin, "-f", "out/relative.c1z"], {
      cwd,
      env: { PATH: process.env.PATH },
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(ExitCode.ok);
    expect(existsSync(join(cwd, "out", "relative.c1z"))).toBe(true);
    expect(stdout.split("\n")[0]).toMatch(
      new RegExp(`^Synced Sample into ${join(cwd, "out", "relative.c1z").replace(/[.]/g, "\\.")} in `),
    );
  });
});
