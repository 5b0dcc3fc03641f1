import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import type { DemoTarget } from "../demo/target.ts";
import type { PrivateEngine } from "./private-engine.ts";

/** How every container here runs, as the docs tell users to: read-only root, no capabilities, a tmpfs /tmp. */
export const HARDENED_RUN = [
  "--read-only",
  "--cap-drop=ALL",
  "--security-opt=no-new-privileges",
  "--tmpfs=/tmp:rw,size=256m",
];

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const passed = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
const failed = (name: string, detail: string): CheckResult => ({ name, ok: false, detail });

/** `docker run <image> --help`: the program answers (its ENTRYPOINT, no shell) and names itself. */
export const checkHelp = async (
  engine: PrivateEngine,
  image: string,
  program: string,
): Promise<CheckResult> => {
  const name = `${image}: --help`;
  const result = await engine.docker(["run", "--rm", ...HARDENED_RUN, image, "--help"]);
  if (result.code !== 0) return failed(name, `exit ${result.code}: ${result.stderr.trim()}`);
  if (!result.stdout.includes(`${program} [flags]`))
    return failed(name, `no usage line for ${program}:\n${result.stdout}`);
  return passed(name, "usage printed, exit 0");
};

/** The image's user, entrypoint and labels, as `docker image inspect` reports them. */
export const checkImageConfig = async (
  engine: PrivateEngine,
  image: string,
  expectedEntrypoint: readonly string[],
): Promise<CheckResult> => {
  const name = `${image}: user, entrypoint and OCI labels`;
  const result = await engine.docker(["image", "inspect", image, "--format", "{{json .Config}}"]);
  if (result.code !== 0) return failed(name, result.stderr.trim());
  const config = JSON.parse(result.stdout) as {
    User: string;
    Entrypoint: string[];
    Labels: Record<string, string>;
  };
  const problems: string[] = [];
  if (config.User !== "65532:65532") problems.push(`user is "${config.User}"`);
  if (JSON.stringify(config.Entrypoint) !== JSON.stringify(expectedEntrypoint))
    problems.push(`entrypoint is ${JSON.stringify(config.Entrypoint)}`);
  for (const label of ["source", "version", "revision", "created", "licenses", "description"]) {
    const value = config.Labels?.[`org.opencontainers.image.${label}`];
    if (value === undefined || value === "") problems.push(`label org.opencontainers.image.${label} missing`);
  }
  return problems.length === 0
    ? passed(name, `user 65532, ${config.Entrypoint.join(" ")}`)
    : failed(name, problems.join("; "));
};

/**
 * A one-shot sync as a user runs it: the container (host network, hardened) against the connector's
 * simulator on the host, the c1z written to a mounted directory and then read back here.
 */
export const checkOneShotSync = async (
  engine: PrivateEngine,
  image: string,
  target: DemoTarget,
): Promise<CheckResult> => {
  const name = `${image}: one-shot sync against the simulator`;
  const running = await target.start();
  const out = mkdtempSync(join(tmpdir(), "baton-image-sync-"));
  chmodSync(out, 0o777); // the container's user is 65532
  try {
    const env = Object.entries({ ...running.env, BATON_FILE: "/out/sync.c1z" }).flatMap(([key, value]) => [
      "-e",
      `${key}=${value}`,
    ]);
    const result = await engine.docker([
      "run",
      "--rm",
      "--network=host",
      ...HARDENED_RUN,
      "-v",
      `${out}:/out`,
      ...env,
      image,
    ]);
    if (result.code !== 0) return failed(name, `exit ${result.code}: ${result.stderr.trim()}`);
    const c1z = await C1zFile.open(join(out, "sync.c1z"), { readOnly: true });
    try {
      const stats = c1z.stats();
      const resources = Object.values(stats.resources).reduce((sum, n) => sum + n, 0);
      if (resources === 0 || stats.grants === 0)
        return failed(name, `the c1z is empty: ${JSON.stringify(stats)}`);
      return passed(
        name,
        `${resources} resources, ${stats.entitlements} entitlements, ${stats.grants} grants`,
      );
    } finally {
      c1z.close();
    }
  } finally {
    await running.close();
    rmSync(out, { recursive: true, force: true });
  }
};
