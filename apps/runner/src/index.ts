// The runner's library surface: what the bins, the demo and tests use.
export { COMMANDS, type CommandName } from "./commands.js";
export { ExitCode } from "./exit-codes.js";
export { type MainOptions, runMain } from "./main.js";
export { type OneShotAction, PROVISIONING_DISABLED, SERVICE_MODE_UNSUPPORTED } from "./one-shot-action.js";
export { runProgram } from "./program.js";
export type { ProgramIo } from "./program-io.js";
