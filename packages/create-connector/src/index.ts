// @baton-ts/create-connector: the connector generator behind `npm create @baton-ts/connector` and the
// repository's `pnpm create-connector`, usable from code too.
export { type ConnectorNames, connectorNames, GeneratorUsageError } from "./connector-name.js";
export { findBatonWorkspace } from "./find-workspace.js";
export {
  type GeneratedConnector,
  type GenerateOptions,
  type GenerateTarget,
  generateConnector,
} from "./generate.js";
export type { Layout } from "./project-files.js";
