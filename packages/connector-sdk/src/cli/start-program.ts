import { exitUnlessSupportedNode } from "@baton-ts/c1z/node-support";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { MainOptions } from "./main.js";

/**
 * A connector's bin in one call: checks the Node version first, then loads the connector and the program
 * layer and runs them (runMain). Why the connector comes as a loader: everything it and the program
 * import (the c1z store imports `node:sqlite`) must load only after the check, since on an older Node a
 * static import of a missing built-in fails before any code runs, without saying what to install.
 *
 * ```ts
 * import { startProgram } from "@baton-ts/connector-sdk/start";
 * await startProgram({ program: "baton-example" }, async () => (await import("../connector.js")).exampleConnector);
 * ```
 */
export const startProgram = async (
  options: MainOptions,
  loadConnector: () => Promise<AnyConnectorDefinition>,
): Promise<never> => {
  exitUnlessSupportedNode(options.program);
  const [{ runMain }, connector] = await Promise.all([import("./main.js"), loadConnector()]);
  return runMain(connector, options);
};
