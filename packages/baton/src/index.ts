/**
 * @baton-ts/baton: the `baton` program (inspect, diff and export c1z files; the local explorer) and
 * its pieces for other programs: run it with an argv, or start the explorer on a file.
 */
export type { BatonIo } from "./cli/io.js";
export { buildProgram, runBaton } from "./cli/program.js";
export { type ExplorerOptions, type RunningExplorer, startExplorer } from "./explorer/server.js";
export { VERSION } from "./version.js";
