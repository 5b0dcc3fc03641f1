import { existsSync, readFileSync } from "node:fs";
import { arch, hostname, machine, platform, release } from "node:os";
import type { BatonServiceHelloRequestSchema } from "@baton-ts/protocol/service";
import type { MessageInitShape } from "@bufbuild/protobuf";

type Env = Readonly<Record<string, string | undefined>>;
type HelloInit = MessageInitShape<typeof BatonServiceHelloRequestSchema>;

/**
 * The host id ConductorOne tells replicas apart by: BATON_HOST_ID when set, else the hostname (a pod's
 * name in Kubernetes), else `baton-sdk`, as baton-sdk decides it.
 */
export const resolveHostId = (env: Env): string => {
  const fromEnv = env.BATON_HOST_ID;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const name = hostname();
  return name === "" ? "baton-sdk" : name;
};

const osRelease = (): Record<string, string> => {
  for (const path of ["/etc/os-release", "/usr/lib/os-release"]) {
    try {
      return Object.fromEntries(
        readFileSync(path, "utf8")
          .split("\n")
          .map((line) => /^([A-Z_]+)=("?)(.*)\2$/.exec(line))
          .filter((match): match is RegExpExecArray => match !== null)
          .map((match) => [match[1] as string, match[3] as string]),
      );
    } catch {
      // Not Linux, or a minimal image without the file: the fallbacks below apply.
    }
  }
  return {};
};

const virtualization = (): string => {
  if (existsSync("/.dockerenv")) return "docker";
  if (existsSync("/run/.containerenv")) return "podman";
  return "none";
};

/** What Hello tells ConductorOne about the machine (gopsutil's fields, with baton-sdk's fallbacks). */
export const osInfo = (): NonNullable<HelloInit["osInfo"]> => {
  const release_ = osRelease();
  const kernelVersion = release() || "unknown";
  const os = platform();
  const platformName = release_.ID ?? os;
  return {
    hostname: hostname() || "unknown",
    os,
    platform: platformName,
    platformVersion: release_.VERSION_ID ?? kernelVersion,
    platformFamily: release_.ID_LIKE?.split(" ")[0] ?? platformName,
    kernelVersion,
    kernelArch: machine() || arch(),
    virtualizationSystem: virtualization(),
  };
};

/** What Hello tells ConductorOne about the program: the runtime, the program and its version. */
export const buildInfo = (program: string, version: string): NonNullable<HelloInit["buildInfo"]> => ({
  langVersion: `node ${process.version}`,
  package: program,
  packageVersion: version === "" ? "0.0.0" : version,
});
