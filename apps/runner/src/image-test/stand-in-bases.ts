import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { mustRun } from "./command.ts";
import type { PrivateEngine } from "./private-engine.ts";

/** The Dockerfile's defaults; the stand-ins are tagged with these names so it builds unchanged. */
export const BUILD_IMAGE = "node:24-bookworm-slim";
export const RUNTIME_IMAGE = "gcr.io/distroless/nodejs24-debian12:nonroot";

const NONROOT = 65532;
const LIBRARIES = ["libc6", "libgcc-s1", "libstdc++6", "ca-certificates"];

/**
 * No registry is reachable here, so the two base images the Dockerfile names are made locally from
 * Debian 12's packages (`apt-get download` + `dpkg -x`) and this machine's Node 24 binary, then imported
 * under those names:
 * - the runtime, like distroless: Node at /nodejs/bin/node, its libraries, CA certificates, the
 *   `nonroot` user 65532 and a 1777 /tmp, and no shell at all (so the image test shows none is needed);
 * - the build stage's Node image: the same plus busybox (a shell for RUN) and npm from the npm registry.
 *   It also trusts this machine's CA bundle (NODE_EXTRA_CA_CERTS), because outgoing TLS from a build is
 *   intercepted here; that bundle is in no stage that reaches the final image.
 */
export const makeStandInBases = async (engine: PrivateEngine, dir: string): Promise<void> => {
  const debs = join(dir, "debs");
  mkdirSync(debs, { recursive: true });
  await mustRun("apt-get", ["download", ...LIBRARIES, "busybox-static"], { cwd: debs });
  const debFiles = readdirSync(debs);
  const unpack = async (root: string, names: readonly string[]): Promise<void> => {
    for (const name of names) {
      const deb = debFiles.find((file) => file.startsWith(`${name}_`));
      if (deb === undefined) throw new Error(`apt-get download did not fetch ${name}`);
      await mustRun("dpkg", ["-x", join(debs, deb), root]);
    }
  };

  // The runtime (distroless-like).
  const runtime = join(dir, "runtime");
  await unpack(runtime, LIBRARIES);
  commonFiles(runtime);
  install(process.execPath, join(runtime, "nodejs/bin/node"));
  await importImage(engine, runtime, RUNTIME_IMAGE, [
    "USER 65532:65532",
    "WORKDIR /home/nonroot",
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
    'ENTRYPOINT ["/nodejs/bin/node"]',
  ]);

  // The build stage's Node image.
  const build = join(dir, "build");
  await unpack(build, [...LIBRARIES, "busybox-static"]);
  commonFiles(build);
  await busyboxApplets(build);
  install(process.execPath, join(build, "usr/local/bin/node"));
  await installNpm(build, dir);
  const hostCa = process.env.NODE_EXTRA_CA_CERTS ?? "/etc/ssl/certs/ca-certificates.crt";
  if (existsSync(hostCa)) copyFileSync(hostCa, join(build, "etc/ssl/certs/host-ca.crt"));
  await importImage(engine, build, BUILD_IMAGE, [
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ...(existsSync(hostCa) ? ["ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca.crt"] : []),
    'CMD ["node"]',
  ]);
};

/** /etc/passwd with root and nonroot, a 1777 /tmp, nonroot's home and the CA bundle (as distroless has). */
const commonFiles = (root: string): void => {
  mkdirSync(join(root, "etc/ssl/certs"), { recursive: true });
  writeFileSync(
    join(root, "etc/passwd"),
    `root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:${NONROOT}:${NONROOT}:nonroot:/home/nonroot:/sbin/nologin\n`,
  );
  writeFileSync(join(root, "etc/group"), `root:x:0:\nnonroot:x:${NONROOT}:\n`);
  mkdirSync(join(root, "tmp"), { recursive: true });
  chmodSync(join(root, "tmp"), 0o1777);
  mkdirSync(join(root, "root"), { recursive: true });
  mkdirSync(join(root, "home/nonroot"), { recursive: true });
  chownSync(join(root, "home/nonroot"), NONROOT, NONROOT);
  // update-ca-certificates would build this bundle at install time; dpkg -x runs no scripts.
  const mozilla = join(root, "usr/share/ca-certificates/mozilla");
  const bundle = readdirSync(mozilla)
    .filter((name) => name.endsWith(".crt"))
    .sort()
    .map((name) => readFileSync(join(mozilla, name), "utf8"))
    .join("\n");
  writeFileSync(join(root, "etc/ssl/certs/ca-certificates.crt"), bundle);
};

const install = (source: string, target: string): void => {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  chmodSync(target, 0o755);
};

/** busybox's applets (sh, sed, env ...) as links, as its Debian package's users install them. */
const busyboxApplets = async (root: string): Promise<void> => {
  const busybox = join(root, "bin/busybox");
  const { stdout } = await mustRun(busybox, ["--list-full"]);
  for (const applet of stdout.split("\n").filter(Boolean)) {
    const target = join(root, applet);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync("/bin/busybox", target);
  }
};

/** npm from the npm registry, laid out as the official Node image has it (/usr/local/lib/node_modules). */
const installNpm = async (root: string, dir: string): Promise<void> => {
  const packDir = join(dir, "npm-pack");
  mkdirSync(packDir, { recursive: true });
  const { stdout } = await mustRun("npm", ["pack", "npm@11", "--silent", "--pack-destination", packDir]);
  const tarball = join(packDir, stdout.trim().split("\n").pop() ?? "");
  const npmDir = join(root, "usr/local/lib/node_modules/npm");
  mkdirSync(npmDir, { recursive: true });
  await mustRun("tar", ["-xzf", tarball, "-C", npmDir, "--strip-components=1"]);
  symlinkSync("../lib/node_modules/npm/bin/npm-cli.js", join(root, "usr/local/bin/npm"));
  symlinkSync("../lib/node_modules/npm/bin/npx-cli.js", join(root, "usr/local/bin/npx"));
};

const importImage = async (
  engine: PrivateEngine,
  root: string,
  name: string,
  changes: readonly string[],
): Promise<void> => {
  const tarball = `${root}.tar`;
  await mustRun("tar", ["--numeric-owner", "-C", root, "-cf", tarball, "."]);
  const args = ["import", ...changes.flatMap((change) => ["--change", change]), tarball, name];
  const result = await engine.docker(args);
  if (result.code !== 0) throw new Error(`docker import ${name} failed: ${result.stderr.trim()}`);
};
