import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { mustRun, run } from "./command.ts";

/** Debian's packages that make a container engine: dockerd and the docker CLI, containerd, runc. */
const ENGINE_PACKAGES = ["docker.io", "containerd", "runc"];

export interface PrivateEngine {
  /** The environment for the docker CLI (DOCKER_HOST and PATH point at this engine). */
  readonly env: NodeJS.ProcessEnv;
  docker(
    args: readonly string[],
    options?: { echo?: boolean; input?: string | Buffer },
  ): ReturnType<typeof run>;
  stop(): Promise<void>;
}

/**
 * Debian's packages are unpacked (`apt-get download` + `dpkg -x`, nothing installed) into `dir` and a
 * dockerd of their own runs from there, with its own data, socket and no network setup of its own
 * (containers use the host's network), as this machine allows. `stop()` ends it and removes `dir`.
 */
export const startPrivateEngine = async (dir: string): Promise<PrivateEngine> => {
  const debs = join(dir, "debs");
  const root = join(dir, "root");
  mkdirSync(debs, { recursive: true });
  mkdirSync(root, { recursive: true });
  await mustRun("apt-get", ["download", ...ENGINE_PACKAGES], { cwd: debs });
  for (const deb of readdirSync(debs)) await mustRun("dpkg", ["-x", join(debs, deb), root]);

  const socket = join(dir, "docker.sock");
  const env = {
    ...process.env,
    PATH: `${join(root, "usr/bin")}:${join(root, "usr/sbin")}:${process.env.PATH ?? ""}`,
    DOCKER_HOST: `unix://${socket}`,
  };
  const log = openSync(join(dir, "dockerd.log"), "a");
  const daemon: ChildProcess = spawn(
    join(root, "usr/sbin/dockerd"),
    [
      `--data-root=${join(dir, "data")}`,
      `--exec-root=${join(dir, "exec")}`,
      `--pidfile=${join(dir, "dockerd.pid")}`,
      `-H=unix://${socket}`,
      "--iptables=false",
      "--ip-masq=false",
      "--bridge=none",
      "--default-ulimit=nofile=20000:20000",
      "--default-ulimit=nproc=4096:4096",
    ],
    { env, stdio: ["ignore", log, log] },
  );
  const exited = new Promise<void>((resolve) => daemon.once("exit", () => resolve()));

  const docker: PrivateEngine["docker"] = (args, options = {}) => run("docker", args, { env, ...options });
  const stop = async (): Promise<void> => {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill("SIGTERM");
      const timer = setTimeout(() => daemon.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    await unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  };

  // dockerd answers once it has set up its storage; give it a minute on a busy machine.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (daemon.exitCode !== null) {
      const tail = readFileSync(join(dir, "dockerd.log"), "utf8").trim().split("\n").slice(-10).join("\n");
      await stop();
      throw new Error(`dockerd exited with ${daemon.exitCode}:\n${tail}`);
    }
    if ((await docker(["version", "--format", "{{.Server.Version}}"])).code === 0) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error("dockerd did not answer within 60 s");
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { env, docker, stop };
};

/** Overlay mounts a killed dockerd may leave behind would make `rm -rf` fail. */
const unmountUnder = async (dir: string): Promise<void> => {
  const mounts = readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1] ?? "")
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) await run("umount", ["-l", point]);
};

/** `apt-get download` needs package lists; a fresh machine may have none. */
export const ensureAptLists = async (): Promise<void> => {
  await mustRun("apt-get", ["update", "-qq"]);
};
