// @baton-ts/connector-sdk/start: what a connector's bin imports. It loads nothing but the Node version
// check until that has passed, so that on an older Node the program says what to install.
export {
  exitUnlessSupportedNode,
  isSupportedNodeVersion,
  MINIMUM_NODE_VERSION,
  unsupportedNodeMessage,
} from "@baton-ts/c1z/node-support";
export { startProgram } from "./cli/start-program.js";
