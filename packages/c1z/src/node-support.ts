// @baton-ts/c1z/node-support: which Node.js this package runs on, checked before anything loads it.
// Why a module of its own, with no imports: on an older Node an ES module that imports a missing
// built-in (`node:sqlite`) fails while it is linked, before any of its code runs, with
// ERR_UNKNOWN_BUILTIN_MODULE and nothing that says what to install. A program imports only this first,
// checks, and loads the rest with a dynamic import. Keep the code plain enough for any Node to parse.

/**
 * The oldest Node.js the packages run on. Node 24 has what the c1z file needs as built-ins (`node:sqlite`,
 * zstd in `node:zlib`); earlier 24.x releases were seen to fail writing a c1z (24.4.0: SQLite's "column
 * index out of range"), and 24.21.0 is the version the project's tests run on. No upper bound: Node 26
 * runs a sync and a grant.
 */
export const MINIMUM_NODE_VERSION = "24.21.0";

/** Where to get a supported Node, for messages. */
export const NODE_INSTALL_HINT =
  "Install Node.js 24 or newer (https://nodejs.org/en/download, or `nvm install 24`), then run it again.";

const parts = (version: string): number[] =>
  version
    .replace(/^v/, "")
    .split(/[.-]/)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0);

/** Whether `version` (`24.21.0`, `v20.20.2`) is at least MINIMUM_NODE_VERSION. */
export const isSupportedNodeVersion = (version: string): boolean => {
  const have = parts(version);
  const need = parts(MINIMUM_NODE_VERSION);
  for (let i = 0; i < 3; i += 1) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
};

export interface NodeRuntime {
  /** `process.versions.node`. */
  readonly version: string;
  /** `process.execPath`: which binary runs, for a machine with several. */
  readonly execPath: string;
}

/** The message for `program` run on an unsupported Node, or undefined when the Node is supported. */
export const unsupportedNodeMessage = (
  program: string,
  runtime: NodeRuntime = { version: process.versions.node, execPath: process.execPath },
): string | undefined => {
  if (isSupportedNodeVersion(runtime.version)) return undefined;
  return [
    `${program} needs Node.js ${MINIMUM_NODE_VERSION} or newer; this is Node.js ${runtime.version.replace(/^v/, "")} (${runtime.execPath}).`,
    "It reads and writes c1z files with node:sqlite and the zstd of node:zlib, which older versions do not have.",
    NODE_INSTALL_HINT,
  ].join("\n");
};

/**
 * A program's first statement: on an unsupported Node, prints what to install and exits 2 (the
 * environment needs fixing; nothing was attempted).
 */
export const exitUnlessSupportedNode = (program: string): void => {
  const message = unsupportedNodeMessage(program);
  if (message === undefined) return;
  process.stderr.write(`Error: ${message}\n`);
  process.exit(2);
};
