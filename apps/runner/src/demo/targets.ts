import { segmentTarget } from "./segment-target.js";
import { sentineloneTarget } from "./sentinelone-target.js";
import type { DemoTarget } from "./target.js";

/** The connectors the demo runs, in order. */
export const DEMO_TARGETS: readonly DemoTarget[] = [segmentTarget, sentineloneTarget];
