import type { ConnectorMetadata } from "@baton-ts/protocol";
import type {
  BatonServiceHelloRequest_BuildInfo,
  BatonServiceHelloRequest_OSInfo,
} from "@baton-ts/protocol/service";
import type { Any } from "@bufbuild/protobuf/wkt";

export type FakeCallName =
  | "token"
  | "Hello"
  | "GetTask"
  | "Heartbeat"
  | "FinishTask"
  | "UploadAsset"
  | "StartDebugging";

/** One request the fake answered: a token request or a BatonService RPC. Never holds a token or an assertion. */
export interface FakeCall {
  /** Order of recording, from 0 (pass it as `since` to wait for what comes after). */
  readonly seq: number;
  readonly name: FakeCallName;
  readonly at: Date;
  /** The request's host_id (for UploadAsset, its metadata's), when it carried one. */
  readonly hostId: string | undefined;
  /** The task the call was about: handed out by GetTask, or named by Hello, Heartbeat, FinishTask, UploadAsset. */
  readonly taskId: string | undefined;
  readonly userAgent: string | undefined;
  /** Whether an `authorization` header was sent (its value is not kept). */
  readonly authorization: boolean;
  readonly httpVersion: string;
  readonly ok: boolean;
  /** The gRPC status answered (0 = OK); undefined for the token endpoint. */
  readonly grpcCode: number | undefined;
  /** The HTTP status answered by the token endpoint; undefined for RPCs. */
  readonly httpStatus: number | undefined;
  /** Why the call was refused (a validation message, "the assertion has expired", …); never a secret. */
  readonly message: string | undefined;
}

export interface HelloRecord {
  readonly hostId: string;
  /** Empty for the start-up Hello; the task's id when answering a hello task. */
  readonly taskId: string;
  readonly buildInfo: BatonServiceHelloRequest_BuildInfo;
  readonly osInfo: BatonServiceHelloRequest_OSInfo;
  readonly connectorMetadata: ConnectorMetadata;
  readonly annotations: readonly Any[];
  readonly userAgent: string | undefined;
}

export interface HeartbeatRecord {
  readonly hostId: string;
  readonly taskId: string;
  /** What the fake answered. */
  readonly cancelled: boolean;
}

/** One UploadAsset stream, as far as it got. */
export interface UploadAttempt {
  readonly taskId: string | undefined;
  readonly hostId: string | undefined;
  /** The data chunks joined in order. */
  readonly bytes: Uint8Array;
  readonly chunkSizes: readonly number[];
  /** Whether eof's sha256_checksum matched the bytes; undefined when no valid eof arrived. */
  readonly checksumMatched: boolean | undefined;
  /** The fake answered OK: the asset was accepted. */
  readonly completed: boolean;
  readonly grpcCode: number;
  readonly message: string | undefined;
}

/** An accepted FinishTask. */
export interface FinishRecord {
  readonly taskId: string;
  readonly hostId: string;
  readonly status?: { readonly code: number; readonly message: string; readonly details: readonly Any[] };
  readonly error?: { readonly nonRetryable: boolean; readonly annotations: readonly Any[] };
  readonly success?: { readonly annotations: readonly Any[]; readonly response: Any | undefined };
}

export interface WaitOptions {
  /** A last guard against a hang, not a speed assertion (default 20 s). */
  readonly timeoutMs?: number;
}

export interface WaitForOptions extends WaitOptions {
  /** Consider calls with `seq >= since` (default: only calls recorded after waitFor is called). */
  readonly since?: number;
}

const DEFAULT_WAIT_MS = 120_000;
/** A timeout message shows the last this-many groups of calls. */
const SUMMARY_GROUPS = 30;

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/**
 * Everything the fake saw, and promises on what it will see. Each record notifies the waiters at once, so tests
 * wait for events, never for time.
 */
export class Observations {
  readonly #calls: FakeCall[] = [];
  readonly #hellos: HelloRecord[] = [];
  readonly #heartbeats: HeartbeatRecord[] = [];
  readonly #uploads: UploadAttempt[] = [];
  readonly #finishes: FinishRecord[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #now: () => number;
  #closed = false;

  constructor(now: () => number) {
    this.#now = now;
  }

  get calls(): readonly FakeCall[] {
    return [...this.#calls];
  }

  get hellos(): readonly HelloRecord[] {
    return [...this.#hellos];
  }

  /** Every accepted FinishTask, in order (a task finished twice appears twice). */
  get finishes(): readonly FinishRecord[] {
    return [...this.#finishes];
  }

  heartbeats(taskId: string): readonly HeartbeatRecord[] {
    return this.#heartbeats.filter((record) => record.taskId === taskId);
  }

  uploads(taskId: string): readonly UploadAttempt[] {
    return this.#uploads.filter((record) => record.taskId === taskId);
  }

  record(call: Omit<FakeCall, "seq" | "at">): void {
    this.#calls.push({ ...call, seq: this.#calls.length, at: new Date(this.#now()) });
    this.#notify();
  }

  addHello(record: HelloRecord): void {
    this.#hellos.push(record);
  }

  addHeartbeat(record: HeartbeatRecord): void {
    this.#heartbeats.push(record);
  }

  addUpload(record: UploadAttempt): void {
    this.#uploads.push(record);
  }

  addFinish(record: FinishRecord): void {
    this.#finishes.push(record);
  }

  /** The first accepted FinishTask of a task, already received or still to come. */
  finished(taskId: string, options: WaitOptions = {}): Promise<FinishRecord> {
    return this.#wait(
      () => this.#finishes.find((record) => record.taskId === taskId),
      options.timeoutMs,
      () => `no FinishTask for task ${taskId}`,
    );
  }

  /** The first call matching `predicate` with `seq >= since`: resolves as soon as it is recorded. */
  waitFor(predicate: (call: FakeCall) => boolean, options: WaitForOptions = {}): Promise<FakeCall> {
    const since = options.since ?? this.#calls.length;
    return this.#wait(
      () => this.#calls.slice(since).find(predicate),
      options.timeoutMs,
      () => `no matching call since #${since}`,
    );
  }

  /** Rejects every pending wait: the fake is gone and nothing more will arrive. */
  close(): void {
    this.#closed = true;
    for (const waiter of [...this.#waiters]) waiter.fail(new Error("the fake ConductorOne was closed"));
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  #wait<T>(find: () => T | undefined, timeoutMs = DEFAULT_WAIT_MS, missing: () => string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    if (this.#closed) return Promise.reject(new Error("the fake ConductorOne was closed"));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const value = find();
          if (value === undefined) return;
          settle();
          resolve(value);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`${missing()} within ${timeoutMs} ms; calls so far: ${this.#summary()}`)),
        timeoutMs,
      );
      const settle = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
    });
  }

  /** The calls as `name:outcome`, repeats folded (`GetTask:0 ×12`), for a timeout message. */
  #summary(): string {
    const parts: { label: string; count: number }[] = [];
    for (const call of this.#calls) {
      const label = `${call.name}:${call.httpStatus ?? call.grpcCode}`;
      const last = parts.at(-1);
      if (last?.label === label) last.count += 1;
      else parts.push({ label, count: 1 });
    }
    if (parts.length === 0) return "none";
    const shown = parts
      .slice(-SUMMARY_GROUPS)
      .map(({ label, count }) => (count > 1 ? `${label} ×${count}` : label));
    return parts.length > SUMMARY_GROUPS ? `…, ${shown.join(", ")}` : shown.join(", ");
  }
}
