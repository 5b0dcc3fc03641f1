import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { programPath } from "../src/program-path.js";
import { bundlePath } from "../src/programs/programs.js";

// Every program, as built and as bundled, run on a Node older than 24: the first thing it prints is what it
// needs and what to install, with exit 2, instead of ERR_UNKNOWN_BUILTIN_MODULE for node:sqlite.

interface OldNode {
  readonly path: string;
  readonly version: string;
  readonly execPath: string;
}

/** A Node older than 24 on this machine: BATON_TEST_OLD_NODE, else one on the PATH or in /usr(/local)/bin. */
const findOldNode = (): OldNode => {
  const candidates = [
    process.env.BATON_TEST_OLD_NODE,
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "node")),
    "/usr/bin/node",
    "/usr/local/bin/node",
  ].filter((path): path is string => path !== undefined && path !== "" && existsSync(path));
  for (const path of candidates) {
    const probe = spawnSync(path, ["-p", "process.versions.node + ' ' + process.execPath"], {
      encoding: "utf8",
    });
    const [version = "", execPath = ""] = probe.stdout.trim().split(" ");
    if (probe.status === 0 && Number.parseInt(version, 10) < 24) return { path, version, execPath };
  }
  throw new Error(
    "no Node older than 24 found on the PATH or in /usr/bin, /usr/local/bin (the machines this runs on have " +
      "Node 20 there); set BATON_TEST_OLD_NODE to one",
  );
};

const runner = fileURLToPath(new URL("..", import.meta.url));
const PROGRAMS = [
  { program: "baton-segment", file: programPath("@baton-ts/connector-segment", "baton-segment") },
  {
    program: "baton-sentinel-one",
    file: programPath("@baton-ts/connector-sentinelone", "baton-sentinel-one"),
  },
  { program: "baton", file: programPath("@baton-ts/baton", "baton") },
  { program: "baton-segment", file: join(runner, bundlePath("baton-segment")) },
  { program: "baton-sentinel-one", file: join(runner, bundlePath("baton-sentinel-one")) },
];

describe("the programs on a Node older than 24", () => {
  const old = findOldNode();
  for (const { program, file } of PROGRAMS) {
    it(`${program} (${file.includes("/dist/programs/") ? "bundled" : "built"}) says what it needs and exits 2`, () => {
      for (const args of [["--help"], ["-f", "sync.c1z"]]) {
        const result = spawnSync(old.path, [file, ...args], {
          encoding: "utf8",
          env: { PATH: process.env.PATH },
        });
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(
          [
            `Error: ${program} needs Node.js 24.21.0 or newer; this is Node.js ${old.version} (${old.execPath}).`,
            "It reads and writes c1z files with node:sqlite and the zstd of node:zlib, which older versions do not have.",
            "Install Node.js 24 or newer (https://nodejs.org/en/download, or `nvm install 24`), then run it again.",
            "",
          ].join("\n"),
        );
        expect(result.status).toBe(2);
      }
    });
  }

  it("the same programs run on this Node 24", () => {
    for (const { program, file } of PROGRAMS) {
      const result = spawnSync(process.execPath, [file, "--version"], { encoding: "utf8" });
      expect(result.status, program).toBe(0);
      expect(result.stdout, program).toContain("0.1.0");
    }
  });
});
