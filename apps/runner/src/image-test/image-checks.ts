import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { startFakeConductorOne } from "@baton-ts/connector-sdk/testing";
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

/**
 * `docker run <image> --help`: the program answers (its ENTRYPOINT, no shell) and names itself, and V8's
 * code cache made at build time is accepted (NODE_DEBUG_NATIVE makes Node say so).
 */
export const checkHelp = async (
  engine: PrivateEngine,
  image: string,
  program: string,
): Promise<CheckResult> => {
  const name = `${image}: --help`;
  const result = await engine.docker([
    "run",
    "--rm",
    ...HARDENED_RUN,
    "-e",
    "NODE_DEBUG_NATIVE=COMPILE_CACHE",
    image,
    "--help",
  ]);
  if (result.code !== 0) return failed(name, `exit ${result.code}: ${result.stderr.trim()}`);
  if (!result.stdout.includes(`${program} [flags]`))
    return failed(name, `no usage line for ${program}:\n${result.stdout}`);
  if (!/V8 code cache for ESM file:\/\/\/app\/baton\.mjs was accepted/.test(result.stderr)) {
    return failed(
      name,
      `the compile cache was not used:\n${result.stderr.trim().split("\n").slice(-5).join("\n")}`,
    );
  }
  return passed(name, "usage printed, exit 0, compile cache accepted");
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

/** A free TCP port on the host, for the health server (containers share the host's network here). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * Service mode as the seed guides deploy it: environment variables only (the fake ConductorOne's client
 * id, secret and host, the connector's own settings, a host id), read-only root, no capabilities. Hello
 * arrives; a sync task is finished with an uploaded c1z; the exec health probes answer; `docker stop`
 * (SIGTERM) ends it with exit 0 within its 10 s.
 */
export const checkServiceMode = async (
  engine: PrivateEngine,
  image: string,
  target: DemoTarget,
  probe: readonly string[],
): Promise<CheckResult[]> => {
  const results: CheckResult[] = [];
  const prefix = `${image}: service mode`;
  const fake = await startFakeConductorOne();
  const running = await target.start();
  const container = `baton-image-test-${process.pid}-${Date.now()}`;
  try {
    const port = await freePort();
    const env = {
      ...fake.env(),
      NODE_EXTRA_CA_CERTS: "/etc/baton-test/ca.crt",
      ...running.env,
      BATON_HOST_ID: "image-test",
      BATON_HEALTH_CHECK: "true",
      BATON_HEALTH_CHECK_PORT: String(port),
    };
    const started = await engine.docker([
      "run",
      "--detach",
      `--name=${container}`,
      "--network=host",
      ...HARDENED_RUN,
      "-v",
      `${fake.caPath}:/etc/baton-test/ca.crt:ro`,
      ...Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]),
      image,
    ]);
    if (started.code !== 0) return [failed(prefix, `docker run: ${started.stderr.trim()}`)];

    const hello = await fake.waitFor((call) => call.name === "Hello" && call.ok, {
      since: 0,
      timeoutMs: 60_000,
    });
    results.push(passed(`${prefix}: Hello`, `host id ${hello.hostId}`));

    const taskId = fake.enqueueSync();
    const finish = await fake.finished(taskId, { timeoutMs: 120_000 });
    const upload = fake.uploads(taskId).find((attempt) => attempt.completed);
    results.push(
      finish.success !== undefined && upload !== undefined && upload.checksumMatched === true
        ? passed(
            `${prefix}: sync task`,
            `finished with success, ${upload.bytes.length} bytes of c1z uploaded`,
          )
        : failed(`${prefix}: sync task`, `finish ${JSON.stringify(finish.status ?? finish.error)}`),
    );

    for (const endpoint of ["live", "ready"]) {
      const answer = await engine.docker([
        "exec",
        container,
        ...probe,
        "health-check",
        `--endpoint=${endpoint}`,
      ]);
      results.push(
        answer.code === 0
          ? passed(`${prefix}: exec probe ${endpoint}`, answer.stdout.trim())
          : failed(`${prefix}: exec probe ${endpoint}`, `exit ${answer.code}: ${answer.stderr.trim()}`),
      );
    }

    const stopStarted = performance.now();
    await engine.docker(["stop", "--time=10", container]);
    const stopSeconds = (performance.now() - stopStarted) / 1000;
    const state = await engine.docker(["inspect", container, "--format", "{{.State.ExitCode}}"]);
    const exitCode = state.stdout.trim();
    results.push(
      exitCode === "0" && stopSeconds < 10
        ? passed(`${prefix}: docker stop`, `exit 0 after ${stopSeconds.toFixed(1)} s`)
        : failed(`${prefix}: docker stop`, `exit ${exitCode} after ${stopSeconds.toFixed(1)} s`),
    );
    return results;
  } catch (error) {
    const logs = await engine.docker(["logs", "--tail=20", container]);
    return [
      ...results,
      failed(prefix, `${error instanceof Error ? error.message : String(error)}\n${logs.stderr}`),
    ];
  } finally {
    await engine.docker(["rm", "--force", container]);
    await running.close();
    await fake.close();
  }
};
