// The public API of @baton-ts/connector-sdk. Each folder owns one concept and its own index.
export * from "./config/index.js";
export * from "./contract/connector.js";
export * from "./contract/context.js";
export * from "./contract/page.js";
export * from "./contract/provisioning.js";
export * from "./contract/resource-type.js";
export * from "./contract/session.js";
export * from "./did-you-mean.js";
export * from "./engine/index.js";
export * from "./errors.js";
export * from "./http/index.js";
export * from "./http/types.js";
export * from "./log/index.js";
export * from "./log/logger.js";
export * from "./model/index.js";
export * from "./paging/index.js";
export * from "./sample/index.js";
