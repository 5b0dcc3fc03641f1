// @baton-ts/connector-sentinelone: the SentinelOne connector definition, its config and its API client.
// The API simulator is a separate entry: @baton-ts/connector-sentinelone/simulator.
export {
  createSentinelOneClient,
  SentinelOneClient,
  type SentinelOneClientOptions,
} from "./client/sentinelone-client.js";
export { type SentinelOneConfig, sentineloneConfig } from "./config.js";
export { sentineloneConnector } from "./connector.js";
export { TENANT_ID, TYPE } from "./resource-types/type-ids.js";
export { CONNECTOR_VERSION } from "./version.js";
