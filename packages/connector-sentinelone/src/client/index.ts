export { apiBaseUrl, createSentinelOneClient, type SentinelOneClientOptions } from "./create-client.js";
export { describeSentinelOneError, summarizeErrorBody } from "./describe-error.js";
export { SENTINELONE_PACING } from "./pacing.js";
export * from "./schemas/index.js";
export { ScopeCatalog } from "./scope-catalog.js";
export {
  type ApiPrincipal,
  collect,
  PAGE_SIZE,
  type PrincipalKind,
  type ScopeRoleInput,
  SentinelOneClient,
} from "./sentinelone-client.js";
