import type { Logger } from "../log/logger.js";

/** Counts of this run (a resumed run counts what it did itself). */
export interface ProgressCounts {
  phase: string;
  resources: number;
  entitlements: number;
  grants: number;
  expandedGrants: number;
  pages: number;
}

/**
 * A structured info line every `intervalMs` while the sync runs: phase, counts so far, pages and the
 * grant rate over the last interval, so a long sync says what it is doing.
 */
export class ProgressReporter {
  readonly counts: ProgressCounts = {
    phase: "starting",
    resources: 0,
    entitlements: 0,
    grants: 0,
    expandedGrants: 0,
    pages: 0,
  };
  private timer: NodeJS.Timeout | undefined;
  private lastGrants = 0;
  private lastAt = Date.now();
  private readonly startedAt = Date.now();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || !Number.isFinite(this.intervalMs)) return;
    this.timer = setInterval(() => this.report(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private report(): void {
    const now = Date.now();
    const grants = this.counts.grants + this.counts.expandedGrants;
    const seconds = Math.max((now - this.lastAt) / 1000, 0.001);
    this.logger.info("sync progress", {
      ...this.counts,
      grantsPerSecond: Math.round((grants - this.lastGrants) / seconds),
      elapsedMs: now - this.startedAt,
    });
    this.lastGrants = grants;
    this.lastAt = now;
  }
}
