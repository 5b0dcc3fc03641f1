import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import * as Duration from "effect/Duration";
import * as Effect from "effect/Effect";
import * as Schedule from "effect/Schedule";
import type { BatonServiceClient } from "./baton-service-client.js";

/** baton-sdk's chunk size: every data message but the last is exactly this long. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

/** The SHA-256 of a file, read as a stream (a first pass, as baton-sdk does, before the upload). */
export const sha256OfFile = async (path: string): Promise<Uint8Array> => {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest();
};

/** The file's bytes in chunks of exactly `size` (the last one shorter), read lazily. */
export async function* fileChunks(path: string, size = UPLOAD_CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: size })) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    while (pending.length >= size) {
      yield pending.subarray(0, size);
      pending = pending.subarray(size);
    }
  }
  if (pending.length > 0) yield pending;
}

/** Time allowed for one upload: a generous floor, plus time for a slow link (1 MiB/s) on big files. */
const uploadTimeoutMs = (bytes: number): number => 120_000 + Math.ceil(bytes / (1024 * 1024)) * 1000;

/**
 * Uploads a task's c1z as baton-sdk does: up to 3 attempts (the second at once, the third after 1 s),
 * each a new stream from byte 0, with the SHA-256 of the whole file in the eof message.
 */
export const uploadFile = (c1: BatonServiceClient, taskId: string, path: string, bytes: number) =>
  Effect.gen(function* () {
    const sha256 = yield* Effect.promise(() => sha256OfFile(path));
    const attempt = Effect.tryPromise({
      try: (signal) =>
        c1.uploadAsset(taskId, fileChunks(path), sha256, { signal, timeoutMs: uploadTimeoutMs(bytes) }),
      catch: (error) => error,
    });
    const waits = [Duration.zero, Duration.seconds(1)];
    yield* Effect.retry(attempt, {
      schedule: Schedule.recurs(2).pipe(
        Schedule.modifyDelay((step: Schedule.Metadata<number, unknown>) =>
          Effect.succeed(waits[step.attempt - 1] ?? Duration.seconds(1)),
        ),
      ),
    });
  });
