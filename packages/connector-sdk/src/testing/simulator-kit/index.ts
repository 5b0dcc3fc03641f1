// The simulator kit: what a connector's API simulator is built from (see the sdk README, "Simulator kit").
export { authorizationToken, tokenAuth } from "./authorization.js";
export {
  parseSimulatorArgs,
  runSimulatorCommand,
  type SimulatorCommand,
  type SimulatorCommandIo,
  type SimulatorCommandOptions,
  type SimulatorSizeFlag,
  SimulatorUsageError,
  type StartedSimulator,
  shellQuote,
  simulatorCommandHelp,
} from "./command.js";
export { base64Cursor, offsetCursor } from "./cursors.js";
export { type FixedWindowLimit, FixedWindowLimiter } from "./fixed-window-limiter.js";
export { compareIds, IdCollection } from "./id-collection.js";
export { type KeysetPage, type KeysetPageRequest, keysetPage } from "./keyset-paging.js";
export { type OffsetPage, offsetPage } from "./offset-paging.js";
export { PERSON_FIRST_NAMES, PERSON_LAST_NAMES } from "./person-names.js";
export type { RateLimitDecision } from "./rate-limit-decision.js";
export { countCalls, queryJoined, queryWithArrays, type SimulatorRequestLogEntry } from "./request-log.js";
export { createRouter, type RouteMatch, type Router, type SimulatorRoute } from "./router.js";
export { type SeededRandom, seededPeople, seededRandom, slugify } from "./seeded-data.js";
export {
  type RoutedRequest,
  SIMULATOR_STATE_PATH,
  type SimulatorErrorShapes,
  type SimulatorReply,
  type SimulatorRequest,
  type SimulatorServer,
  type SimulatorServerOptions,
  startSimulatorServer,
} from "./server.js";
export { SimulatorError } from "./simulator-error.js";
export { dumpState } from "./state-dump.js";
export { type TokenBucketLimit, TokenBucketLimiter } from "./token-bucket-limiter.js";
