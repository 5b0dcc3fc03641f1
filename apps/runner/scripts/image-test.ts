// The image test (run by .ci/run, or `pnpm --filter @baton-ts/runner test:images` as root on a Debian 12
// machine): builds every connector's image from apps/runner/Dockerfile with a private container engine
// and locally made stand-in base images, then runs each container as a user would. Prints image sizes and
// the time taken; exits non-zero if any check fails. Needs the workspace built (`pnpm build`).
// BATON_IMAGE_TEST_KEEP=1 leaves the engine's directory in place for a look afterwards.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROGRAM_NODE_FLAGS } from "@baton-ts/connector-sdk/cli";
import { segmentTarget } from "../src/demo/segment-target.ts";
import { sentineloneTarget } from "../src/demo/sentinelone-target.ts";
import type { DemoTarget } from "../src/demo/target.ts";
import { mustRun } from "../src/image-test/command.ts";
import {
  type CheckResult,
  checkHelp,
  checkImageConfig,
  checkOneShotSync,
  checkServiceMode,
} from "../src/image-test/image-checks.ts";
import { ensureAptLists, startPrivateEngine } from "../src/image-test/private-engine.ts";
import { makeStandInBases } from "../src/image-test/stand-in-bases.ts";
import { PROGRAMS } from "../src/programs/programs.ts";

const require = createRequire(import.meta.url);
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const TARGETS: Record<string, DemoTarget> = { segment: segmentTarget, "sentinel-one": sentineloneTarget };
export const IMAGE_ENTRYPOINT = ["/nodejs/bin/node", ...PROGRAM_NODE_FLAGS, "/app/baton.mjs"];

const started = performance.now();
const seconds = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const step = (text: string): void => console.log(`[image-test ${seconds()}] ${text}`);

if (process.getuid?.() !== 0)
  throw new Error("the image test starts its own container engine and must run as root");
const dir = mkdtempSync(join(tmpdir(), "baton-image-test-"));
step(`private engine in ${dir}`);
await ensureAptLists();
const engine = await startPrivateEngine(join(dir, "engine"));
const results: CheckResult[] = [];
try {
  step("stand-in base images");
  await makeStandInBases(engine, join(dir, "bases"));
  const revision = (await mustRun("git", ["-C", repo, "rev-parse", "HEAD"])).stdout.trim();
  const created = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  for (const { connector, program, packageName } of PROGRAMS) {
    const manifest = require.resolve(`${packageName}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    step(`docker build ${program}:${version}`);
    const build = await engine.docker(
      [
        "build",
        "--network=host",
        "-f",
        join(repo, "apps/runner/Dockerfile"),
        "--build-arg",
        `CONNECTOR=${connector}`,
        "--build-arg",
        `VERSION=${version}`,
        "--build-arg",
        `REVISION=${revision}`,
        "--build-arg",
        `CREATED=${created}`,
        "-t",
        `${program}:${version}`,
        repo,
      ],
      { echo: process.env.BATON_IMAGE_TEST_VERBOSE === "1" },
    );
    if (build.code !== 0) {
      throw new Error(
        `docker build ${program} failed:\n${`${build.stdout}\n${build.stderr}`.trim().split("\n").slice(-30).join("\n")}`,
      );
    }
    const image = `${program}:${version}`;
    const target = TARGETS[connector];
    if (target === undefined) throw new Error(`no simulator for ${connector}`);
    for (const check of [
      () => checkImageConfig(engine, image, IMAGE_ENTRYPOINT),
      () => checkHelp(engine, image, program),
      () => checkOneShotSync(engine, image, target),
      () => checkServiceMode(engine, image, target, IMAGE_ENTRYPOINT),
    ]) {
      for (const result of [await check()].flat()) {
        results.push(result);
        step(`${result.ok ? "ok  " : "FAIL"} ${result.name}: ${result.detail}`);
      }
    }
  }
  const sizes = await engine.docker([
    "image",
    "ls",
    "--filter",
    "dangling=false",
    "--format",
    "{{.Repository}}:{{.Tag}} {{.Size}}",
  ]);
  console.log(`\nimage sizes (uncompressed, as docker reports them):\n${sizes.stdout.trim()}`);
} finally {
  if (process.env.BATON_IMAGE_TEST_KEEP === "1") step(`kept ${dir}`);
  else {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
const failedChecks = results.filter((result) => !result.ok).length;
console.log(
  `\nimage test: ${results.length - failedChecks} checks passed, ${failedChecks} failed, in ${seconds()}`,
);
process.exitCode = failedChecks === 0 && results.length > 0 ? 0 : 1;
