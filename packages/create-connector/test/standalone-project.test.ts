import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATOR, mustRun, REPO_ROOT, type Run } from "./support/run.js";

// `npm create @baton-ts/connector` outside the repository: a standalone project with caret ranges on the
// published packages. Here the packages are this repository's, packed (`pnpm pack`, as they are published)
// and installed with npm into the project without saving (so its package.json stays as generated); its
// tools come from the npm registry, as for any user. Then the project's own checks run, untouched.

const work = mkdtempSync(join(tmpdir(), "create-connector-standalone-"));
const project = join(work, "my-api");
const timings: Run[] = [];

beforeAll(async () => {
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  for (const pkg of ["protocol", "c1z", "connector-sdk"]) {
    await mustRun("pnpm", ["pack", "--pack-destination", tarballs], join(REPO_ROOT, "packages", pkg));
  }
  // --standalone: the generator runs inside the repository here, where it would write a workspace package.
  await mustRun(process.execPath, [GENERATOR, "my-api", "--standalone", "--directory", project], REPO_ROOT);
  const packed = readdirSync(tarballs).map((file) => join(tarballs, file));
  timings.push(
    await mustRun(
      "npm",
      ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...packed],
      project,
    ),
  );
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  const line = timings.map((t) => `${t.command.split(" ").slice(0, 3).join(" ")} ${t.seconds.toFixed(1)} s`);
  if (line.length > 0) console.info(`standalone project: ${line.join(", ")}`);
});

describe("a standalone project (npm create), untouched, on the packed packages", () => {
  it("keeps its package.json as generated: caret ranges, no workspace or catalog protocol", () => {
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(manifest.dependencies["@baton-ts/connector-sdk"]).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:/);
  });

  it("passes its lint, format check, type check and tests (npm run check)", async () => {
    timings.push(await mustRun("npm", ["run", "check"], project));
  });

  it("builds and passes publint --strict", async () => {
    timings.push(await mustRun("npm", ["run", "build"], project));
    timings.push(await mustRun("npm", ["run", "lint:package"], project));
  });
});
