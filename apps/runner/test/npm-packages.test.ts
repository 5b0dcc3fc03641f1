import { spawn } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSegmentSimulator } from "@baton-ts/connector-segment/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkedExamples,
  diskUsage,
  npmInstall,
  PUBLIC_PACKAGES,
  type PublicPackage,
  packPackage,
} from "./support/npm-consumer.js";

// The packages as a library user gets them: every public package packed with pnpm, installed with npm into
// fresh projects outside the workspace, each README's checked example run on Node 24 and type-checked as a
// strict TypeScript consumer, the programs run from the install. Needs the npm registry for the packages'
// own dependencies (as any install does).

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const run = (
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: {
        PATH: `${join(process.execPath, "..")}:${process.env.PATH ?? ""}`,
        HOME: process.env.HOME,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

/** A strict consumer's tsconfig: what a careful TypeScript project turns on. */
const STRICT_TSCONFIG = {
  compilerOptions: {
    target: "ES2024",
    // DOM only for `HeadersInit`, which @connectrpc/connect's types name; nothing here runs in a browser.
    lib: ["ES2024", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    // Our packages' declaration files are checked too, under these options.
    skipLibCheck: false,
    noEmit: true,
  },
  include: ["*.ts"],
};

// The runner's own TypeScript and Node types: the versions this repository builds with.
const require = createRequire(import.meta.url);
const TYPES_NODE = (require("@types/node/package.json") as { version: string }).version;
const TSC = require.resolve("typescript/bin/tsc");

const work = mkdtempSync(join(tmpdir(), "baton-ts-npm-"));
const tarballs = new Map<PublicPackage, string>();

/** A fresh npm project with the given packages' tarballs (and nothing from this workspace). */
const consumer = (name: string, packages: readonly PublicPackage[]): string => {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name, private: true, type: "module" }, undefined, 2)}\n`,
  );
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(STRICT_TSCONFIG, undefined, 2)}\n`);
  npmInstall(dir, [...packages.map((p) => tarballs.get(p) as string), `@types/node@${TYPES_NODE}`]);
  return dir;
};

/** Writes a README's checked examples into the project as `<package>-<n>.ts`; returns their names. */
const examplesOf = (dir: string, name: PublicPackage): string[] =>
  checkedExamples(name).map((code, index) => {
    const file = `${name}-${index + 1}.ts`;
    writeFileSync(join(dir, file), code);
    return file;
  });

/** One connector as a user installs it: the connector, the sdk it runs on, c1z to read its output. */
const SEGMENT_CLOSURE: readonly PublicPackage[] = ["protocol", "c1z", "connector-sdk", "connector-segment"];
const SENTINELONE_CLOSURE: readonly PublicPackage[] = [
  "protocol",
  "c1z",
  "connector-sdk",
  "connector-sentinelone",
  "baton",
];
let segmentProject = "";
let sentineloneProject = "";
const examples = new Map<PublicPackage, string[]>();

beforeAll(() => {
  const packed = join(work, "tarballs");
  mkdirSync(packed);
  for (const name of PUBLIC_PACKAGES) tarballs.set(name, packPackage(name, packed));
  segmentProject = consumer("segment-user", SEGMENT_CLOSURE);
  sentineloneProject = consumer("sentinelone-user", SENTINELONE_CLOSURE);
  for (const name of ["connector-sdk", "connector-segment", "c1z", "protocol"] as const) {
    examples.set(name, examplesOf(segmentProject, name));
  }
  examples.set("connector-sentinelone", examplesOf(sentineloneProject, "connector-sentinelone"));
  // The figure the README reports: one connector and what it brings, installed from npm (without the
  // @types/node this test adds for its type check), and the largest dependencies in it.
  const modules = join(segmentProject, "node_modules");
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const largest = readdirSync(modules)
    .filter((name) => !name.startsWith(".") && name !== "@types")
    .flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name],
    )
    .map((name) => ({ name, bytes: diskUsage(join(modules, name)) }))
    .sort((a, b) => b.bytes - a.bytes);
  const total = largest.reduce((sum, entry) => sum + entry.bytes, 0);
  console.log(
    `installed size of @baton-ts/connector-segment from npm: ${mib(total)} in ${largest.length} packages; ` +
      `largest: ${largest
        .slice(0, 5)
        .map((entry) => `${entry.name} ${mib(entry.bytes)}`)
        .join(", ")}`,
  );
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const manifest = (project: string, name: string) =>
  JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")) as {
    version: string;
    engines?: { node?: string };
    dependencies?: Record<string, string>;
  };

describe("the packed packages", () => {
  it("carry registry ranges: ^ for sibling packages and runtime dependencies, no workspace: or catalog:", () => {
    for (const name of PUBLIC_PACKAGES) {
      const project = SEGMENT_CLOSURE.includes(name) ? segmentProject : sentineloneProject;
      const { version, engines, dependencies = {} } = manifest(project, `@baton-ts/${name}`);
      expect(engines?.node, name).toBe(">=24.21.0");
      for (const [dependency, range] of Object.entries(dependencies)) {
        expect(range, `${name} → ${dependency}`).toMatch(/^\^\d+\.\d+\.\d+$/);
        if (dependency.startsWith("@baton-ts/")) expect(range).toBe(`^${version}`);
      }
    }
  });
});

describe("one connector installed from npm (Segment)", () => {
  it("runs the sdk's, the connector's, c1z's and protocol's README examples on Node 24", async () => {
    const [sdk, segment, c1z, protocol] = (
      ["connector-sdk", "connector-segment", "c1z", "protocol"] as const
    ).map((name) => examples.get(name) ?? []) as [string[], string[], string[], string[]];
    expect([sdk.length, segment.length, c1z.length, protocol.length]).toEqual([1, 1, 1, 1]);

    const sample = await run(process.execPath, [sdk[0] as string], segmentProject);
    expect(sample).toMatchObject({ code: 0, stderr: "" });
    expect(sample.stdout).toBe("synced 21 grants\ngroup:security:member to user alice: granted\n");

    const connector = await run(process.execPath, [segment[0] as string], segmentProject);
    expect(connector).toMatchObject({ code: 0, stderr: "" });
    expect(connector.stdout).toMatch(
      /^synced \d+ grants\ngroup:\S+:member:user:\S+: revoked, then granted\n$/,
    );

    // c1z's example reads sync.c1z: the file the sdk's example wrote.
    copyFileSync(join(segmentProject, "sample.c1z"), join(segmentProject, "sync.c1z"));
    const read = await run(process.execPath, [c1z[0] as string], segmentProject);
    expect(read).toMatchObject({ code: 0, stderr: "" });
    expect(read.stdout).toContain("resources: { app: 1, group: 3, role: 3, user: 5 }");
    expect(read.stdout).toContain("\ngroup:engineering:member:user:alice\n");

    expect(await run(process.execPath, [protocol[0] as string], segmentProject)).toMatchObject({
      code: 0,
      stderr: "",
    });
  });

  it("type-checks the examples as a strict TypeScript consumer (strict, exactOptionalPropertyTypes, NodeNext)", async () => {
    const result = await run(process.execPath, [TSC, "-p", "."], segmentProject);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("runs the program from the install: baton-segment syncs the simulator", async () => {
    const sim = await startSegmentSimulator({ seed: 3 });
    try {
      const result = await run(
        join(segmentProject, "node_modules/.bin/baton-segment"),
        ["-f", "program.c1z", "--base-url", sim.url, "--log-level", "warn"],
        segmentProject,
        { BATON_TOKEN: sim.token },
      );
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toMatch(
        new RegExp(`^Synced Segment into ${join(segmentProject, "program.c1z")} in `),
      );
    } finally {
      await sim.close();
    }
  });
});

describe("another connector installed from npm (SentinelOne), with baton", () => {
  it("runs the connector's README example and type-checks it strictly", async () => {
    const [example] = examples.get("connector-sentinelone") ?? [];
    const result = await run(process.execPath, [example as string], sentineloneProject);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^synced \d+ grants\n\S+:\S+:\S+:user:\S+: revoked, then granted\n$/);
    const check = await run(process.execPath, [TSC, "-p", "."], sentineloneProject);
    expect(check.stdout + check.stderr).toBe("");
    expect(check.code).toBe(0);
  });

  it("baton reads the c1z it wrote, as baton's README shows", async () => {
    const result = await run(
      join(sentineloneProject, "node_modules/.bin/baton"),
      ["-f", "sentinelone.c1z", "stats", "-o", "json"],
      sentineloneProject,
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const stats = JSON.parse(result.stdout) as Record<string, number>;
    expect(stats.user).toBeGreaterThan(0);
    expect(stats.grants).toBeGreaterThan(0);
  });
});
