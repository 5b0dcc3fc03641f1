// @baton-ts/connector-sdk/cli: the generic Baton-compatible program (baton-sdk's pkg/cli). A connector
// package ships its program as a few-line bin: `await runMain(connector, { program: "baton-<name>" })`.

// Settings as the program reads them: flags, BATON_* variables, help text, the config command.
export * from "../config/index.js";
// The engine's metadata, as service mode reports it.
export { connectorCapabilities, connectorMetadata } from "../engine/metadata.js";
export { COMMANDS, type CommandName } from "./commands.js";
export { ExitCode } from "./exit-codes.js";
export { type MainOptions, runMain } from "./main.js";
export { PROGRAM_NODE_FLAGS, PROGRAM_SHEBANG } from "./node-flags.js";
export { type OneShotAction, PROVISIONING_DISABLED } from "./one-shot-action.js";
export { runProgram } from "./program.js";
export type { ProgramIo } from "./program-io.js";
export { startProgram } from "./start-program.js";
