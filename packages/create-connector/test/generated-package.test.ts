import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATOR, mustRun, REPO_ROOT, type Run, run } from "./support/run.js";

// What `pnpm create-connector` writes passes the repository's checks untouched. It is generated into a COPY
// of the workspace (its root files, lockfile and the built protocol, c1z and sdk), never into this one:
// linking a new package means `pnpm install`, which rewrites the lockfile and node_modules while turbo runs
// the other packages' tasks from them, and an interrupted run would leave a stray package that the next
// build picks up. The copy installs from pnpm's store (no downloads) and is removed afterwards.

const NAME = "zz-scaffold";
const PACKAGE = `@baton-ts/connector-${NAME}`;
const work = mkdtempSync(join(tmpdir(), "create-connector-workspace-"));
const copy = join(work, "baton-ts");
const generated = join(copy, "packages", `connector-${NAME}`);
const timings: Run[] = [];

// The guide's example (docs/writing-a-connector.md, "How much is left to write"): a generated project adapted
// to the "Crewdesk" API, kept as a patch against the generator's output. It must still apply, pass its
// checks, and stay under 200 written lines.
const EXAMPLE = "crewdesk";
const EXAMPLE_PATCH = join(REPO_ROOT, "packages/create-connector/test/fixtures/crewdesk-example.patch");
const example = join(copy, "packages", `connector-${EXAMPLE}`);

/** The workspace as the generator and a connector package need it. */
const copyWorkspace = () => {
  mkdirSync(copy);
  for (const file of [
    "package.json",
    "pnpm-workspace.yaml",
    "pnpm-lock.yaml",
    "turbo.json",
    "biome.json",
    "tsconfig.base.json",
    ".gitignore",
    ".changeset/config.json",
    "scripts",
  ]) {
    cpSync(join(REPO_ROOT, file), join(copy, file), { recursive: true });
  }
  for (const pkg of ["protocol", "c1z", "connector-sdk"]) {
    const from = join(REPO_ROOT, "packages", pkg);
    for (const part of ["package.json", "dist"]) {
      cpSync(join(from, part), join(copy, "packages", pkg, part), { recursive: true });
    }
  }
};

beforeAll(async () => {
  copyWorkspace();
  const generate = await mustRun(process.execPath, [GENERATOR, NAME, "--title", "ZZ Scaffold"], copy);
  expect(generate.output).toContain(`Wrote ${PACKAGE}`);
  await mustRun(process.execPath, [GENERATOR, EXAMPLE, "--title", "Crewdesk"], copy);
  // The patch was made on a standalone project: its docs page lives elsewhere there.
  await mustRun(
    "git",
    [
      "apply",
      `--directory=packages/connector-${EXAMPLE}`,
      `--exclude=packages/connector-${EXAMPLE}/docs/*`,
      EXAMPLE_PATCH,
    ],
    copy,
  );
  // The lockfile has importers that are not in the copy: it is updated, not frozen (CI freezes by default).
  await mustRun("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile", "--reporter=silent"], copy);
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  const line = timings.map((t) => `${t.command.replace(/^pnpm (run )?/, "")} ${t.seconds.toFixed(1)} s`);
  if (line.length > 0) console.info(`generated ${PACKAGE}: ${line.join(", ")}`);
});

describe("a generated connector package, untouched", () => {
  it.each([
    ["lint", ["run", "lint"]],
    ["format check", ["run", "format:check"]],
    ["type check", ["run", "typecheck"]],
    ["tests (no build first: the kill-and-resume worker runs the sources)", ["run", "test"]],
  ])("passes its %s", async (_what, args) => {
    expect(existsSync(join(generated, "dist"))).toBe(false);
    timings.push(await mustRun("pnpm", args, generated));
  });

  it("builds, passes publint --strict, and prints the capabilities it committed", async () => {
    timings.push(await mustRun("pnpm", ["run", "build"], generated));
    timings.push(await mustRun("pnpm", ["run", "lint:package"], generated));
    const capabilities = await mustRun("pnpm", ["--silent", `baton-${NAME}`, "capabilities"], copy);
    expect(`${capabilities.output.trim()}\n`).toBe(
      readFileSync(join(generated, "baton_capabilities.json"), "utf8"),
    );
  });

  it("leaves the repository's root files as its own checks want them (the added script included)", async () => {
    await mustRun("pnpm", ["run", "check:root"], copy);
  });

  it("is refused a second time, with exit code 2 and the reason", async () => {
    const again = await run(process.execPath, [GENERATOR, NAME], copy);
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/packages\/connector-zz-scaffold already exists: choose another name/);
  });
});

describe("the guide's example connector", () => {
  it("is under 200 written lines, all about the API, and passes its checks", async () => {
    const patch = readFileSync(EXAMPLE_PATCH, "utf8");
    const written = patch.split("\n").filter((line) => line.startsWith("+") && !line.startsWith("+++"));
    console.info(`the guide's example: ${written.length} lines written over the generated package`);
    expect(written.length).toBeLessThan(200);
    await mustRun("pnpm", ["run", "check"], example);
  });
});
