// Paging: what a connector's list / entitlements / grants use to say what to call, not how to loop.
export { type CollectOptions, collectAll } from "./collect-all.js";
export { DEFAULT_MAX_PAGES } from "./cursor-trail.js";
export { mapPage, pageOf } from "./page-of.js";
export { type StagePage, type StageSequence, stageSequence } from "./stage-sequence.js";
