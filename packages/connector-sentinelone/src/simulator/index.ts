// @baton-ts/connector-sentinelone/simulator: a SentinelOne Management API v2.1 simulator for tests,
// demos and benchmarks.

// The id-ordered store and its order come from the sdk's simulator kit.
export { compareIds, IdCollection as Collection } from "@baton-ts/connector-sdk/testing";
export { SimApiError } from "./api-error.js";
export type {
  ObjectState,
  PrincipalScope,
  RoleScope,
  SimAccount,
  SimRole,
  SimServiceUser,
  SimSite,
  SimUser,
  StoredScopeRole,
  TokenScope,
} from "./model.js";
export { decodeCursor, encodeCursor } from "./pagination.js";
export { createRng, type Rng } from "./prng.js";
export { type RateLimitRule, SENTINELONE_RATE_LIMITS } from "./rate-limit.js";
export { DEFAULT_SEED_SIZES, type SeedOptions, seedTenant, simId } from "./seed.js";
export type { ScopeRoleShape } from "./serialize.js";
export {
  API_PREFIX,
  type RequestLogEntry,
  type SentinelOneSimulator,
  type SentinelOneSimulatorOptions,
  startSentinelOneSimulator,
} from "./server.js";
export { SimState } from "./state.js";
