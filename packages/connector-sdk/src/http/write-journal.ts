import { AsyncLocalStorage } from "node:async_hooks";
import type { HttpMethod } from "./types.js";

/** One write as it left (or, in a dry run, would have left) an sdk HTTP client. */
export interface JournalWrite {
  /** Vendor name of the client, e.g. `Segment`. */
  readonly service: string;
  readonly method: HttpMethod;
  /** The path as sent, base URL's path and query included, secrets redacted. */
  readonly path: string;
  /** The JSON body, secrets and credential-named fields redacted; absent when there is none. */
  readonly body?: unknown;
  /** False in a dry run: the write was recorded, not sent. */
  readonly sent: boolean;
  /** The status the API answered (a real write that got an answer). */
  readonly status?: number;
  /** Why a real write failed (redacted), when it did. */
  readonly failure?: string;
}

/** What a dry run expects one access change to do, stated by `applyChange` from its plan. */
export interface ExpectedChange {
  /** e.g. `grant of group:g1:member to user ada@example.com (u1)`. */
  readonly description: string;
  /** The differences the write must make, e.g. `in the group: false → true`. */
  readonly differences: readonly string[];
}

/**
 * The writes of one unit of work (a grant, a revoke, a lease's expiry), recorded by every HTTP client
 * the sdk made, whichever connector wraps it: the journal rides the async context, like the call meter,
 * so no connector code passes it along. In a dry run the clients record writes instead of sending them.
 */
export class WriteJournal {
  readonly writes: JournalWrite[] = [];
  readonly expected: ExpectedChange[] = [];
  /** The journal of the enclosing work, which sees these writes too. */
  #parent: WriteJournal | undefined;

  constructor(readonly dryRun: boolean) {}

  record(write: JournalWrite): void {
    this.writes.push(write);
    this.#parent?.record(write);
  }

  expect(change: ExpectedChange): void {
    this.expected.push(change);
    this.#parent?.expect(change);
  }

  /** Whether any write recorded since `mark` (a `writes.length`) was actually sent. */
  sentSince(mark: number): boolean {
    return this.writes.slice(mark).some((write) => write.sent);
  }

  /** @internal Links a journal opened inside another one's work. */
  adopt(parent: WriteJournal | undefined): void {
    if (parent !== this && this.#parent === undefined) this.#parent = parent;
  }
}

const current = new AsyncLocalStorage<WriteJournal>();

/**
 * Runs `work` with `journal` recording every write it makes (also in promises it starts). Journals
 * nest: a journal opened inside another one's work passes its writes up, so an audit line and a lease
 * both see every write.
 */
export const withWriteJournal = <T>(journal: WriteJournal, work: () => Promise<T>): Promise<T> => {
  journal.adopt(current.getStore());
  return current.run(journal, work);
};

/** The journal of the work in progress, if any. */
export const currentWriteJournal = (): WriteJournal | undefined => current.getStore();

/** Whether the work in progress is a dry run: writes are recorded, never sent. */
export const isDryRun = (): boolean => current.getStore()?.dryRun === true;
