import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { C1zFile } from "@baton-ts/c1z";
import { PROGRAM_NODE_FLAGS, PROGRAM_SHEBANG } from "@baton-ts/connector-sdk/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentTarget } from "../src/demo/segment-target.js";
import { sentineloneTarget } from "../src/demo/sentinelone-target.js";
import type { DemoTarget } from "../src/demo/target.js";
import { programPath } from "../src/program-path.js";
import { bundlePath, PROGRAMS } from "../src/programs/programs.js";

// The bundled programs (dist/programs, built by `pnpm --filter @baton-ts/runner build`), run from a
// directory with no node_modules anywhere above it, against the connectors' simulators. Each test spawns
// several programs; the timeouts are only a guard for a busy machine.
const runner = fileURLToPath(new URL("../", import.meta.url));
const TARGETS: Record<string, DemoTarget> = { segment: segmentTarget, "sentinel-one": sentineloneTarget };

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Node's built-in modules the run loaded (process.moduleLoadList), e.g. `NativeModule sqlite`. */
  readonly loaded: readonly string[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "baton-bundle-"));
  // Records which built-ins a run loaded: the start-up path must not load what only a mode needs.
  writeFileSync(
    join(dir, "loaded.cjs"),
    'process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_FILE, JSON.stringify(process.moduleLoadList)));\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (file: string, args: readonly string[], env: Record<string, string> = {}): Promise<Result> =>
  new Promise((resolve, reject) => {
    const loadedFile = join(dir, `loaded-${process.hrtime.bigint()}.json`);
    const child = spawn(
      process.execPath,
      [...PROGRAM_NODE_FLAGS, "--require", join(dir, "loaded.cjs"), file, ...args],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", LOADED_FILE: loadedFile, ...env },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const loaded = JSON.parse(readFileSync(loadedFile, "utf8")) as string[];
      resolve({ code, stdout, stderr, loaded });
    });
  });

const stats = async (file: string): Promise<unknown> => {
  const c1z = await C1zFile.open(file, { readOnly: true });
  try {
    return c1z.stats();
  } finally {
    c1z.close();
  }
};

describe.each(PROGRAMS)("$program bundled", ({ connector, program, packageName }) => {
  let bundle: string;
  beforeAll(() => {
    // A copy in a directory of its own: nothing can be resolved from a node_modules.
    bundle = join(dir, `${program}.mjs`);
    copyFileSync(join(runner, bundlePath(program)), bundle);
  });

  it("is one file whose first line carries the sdk's V8 flags", () => {
    expect(readFileSync(bundle, "utf8").split("\n", 1)[0]).toBe(PROGRAM_SHEBANG);
  });

  it("answers --help, capabilities and config exactly as the connector package's program does", async () => {
    for (const args of [["--help"], ["capabilities"], ["config"]]) {
      const [bundled, unbundled] = await Promise.all([
        run(bundle, args),
        run(programPath(packageName, program), args),
      ]);
      expect(bundled.code, bundled.stderr).toBe(0);
      expect(unbundled.code, unbundled.stderr).toBe(0);
      expect(bundled.stdout).toBe(unbundled.stdout);
    }
  }, 180_000);

  it("loads neither got (http2, tls, zlib) nor the c1z store (sqlite) for --help or an exec probe", async () => {
    for (const args of [["--help"], ["health-check", "--endpoint=live", "--health-check-port=1"]]) {
      const { loaded } = await run(bundle, args);
      for (const module of [
        "NativeModule http2",
        "NativeModule sqlite",
        "NativeModule zlib",
        "NativeModule tls",
      ]) {
        expect(loaded, `${args.join(" ")} loads ${module}`).not.toContain(module);
      }
    }
  }, 180_000);

  it("syncs the simulator into the same c1z as the connector package's program", async () => {
    const target = TARGETS[connector];
    if (target === undefined) throw new Error(`no simulator for ${connector}`);
    const files = {
      bundled: join(dir, `${program}-bundled.c1z`),
      unbundled: join(dir, `${program}-unbundled.c1z`),
    };
    for (const [kind, file] of Object.entries(files)) {
      const simulator = await target.start(); // the same seed each time: the same tenant
      try {
        const result = await run(kind === "bundled" ? bundle : programPath(packageName, program), [], {
          ...simulator.env,
          BATON_FILE: file,
        });
        expect(result.code, result.stderr).toBe(0);
        // The sync needed them, so the check above is not vacuous.
        if (kind === "bundled")
          expect(result.loaded).toEqual(
            expect.arrayContaining(["NativeModule sqlite", "NativeModule http2"]),
          );
      } finally {
        await simulator.close();
      }
    }
    const bundled = await stats(files.bundled);
    expect(bundled).toEqual(await stats(files.unbundled));
    expect((bundled as { grants: number }).grants).toBeGreaterThan(0);
  }, 180_000);
});
