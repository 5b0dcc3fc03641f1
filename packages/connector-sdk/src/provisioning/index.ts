export { type ApplyChangeOptions, applyChange } from "./apply-change.js";
export type { Change, ChangeOutcome, ChangePlan, PlannedWrite, WriteRequest } from "./change.js";
export { diffByKey, diffValue } from "./list-diff.js";
export { StateChangedError } from "./state-changed-error.js";
