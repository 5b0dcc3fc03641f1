import { open } from "node:fs/promises";
import type { Writable } from "node:stream";
import { createZstdCompress, createZstdDecompress, constants as zlibConstants } from "node:zlib";
import type { DecoderLimits } from "./decoder-limits.js";
import { windowLogFor } from "./decoder-limits.js";
import { C1zFormatError } from "./errors.js";
import { assertMagic, C1Z_MAGIC } from "./header.js";

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/**
 * What OLD's klauspost writer produces: level 3, an 8 MiB window (so every Baton reader accepts it),
 * a content checksum, and no content size (streaming; never a single-segment frame).
 */
const COMPRESS_PARAMS = {
  [zlibConstants.ZSTD_c_compressionLevel]: 3,
  [zlibConstants.ZSTD_c_windowLog]: 23,
  [zlibConstants.ZSTD_c_checksumFlag]: 1,
  [zlibConstants.ZSTD_c_contentSizeFlag]: 0,
};

// Chunk sizes, measured on a 365 MiB database (CPU and peak RSS of a process doing only that):
// - compressing reads 1 MiB at a time into one reused buffer and emits 64 KiB chunks: ~10% less CPU than
//   zlib's 16 KiB chunks, same memory;
// - decompressing emits 32 KiB chunks: every output chunk is a new buffer that V8 frees late, and larger
//   ones (256 KiB) held ~30 MiB more RSS for ~35% less CPU. Expansion happens once per open, so memory wins.
const COMPRESS_INPUT_BYTES = 1024 * 1024;
const COMPRESS_OUTPUT_BYTES = 64 * 1024;
const DECOMPRESS_INPUT_BYTES = 256 * 1024;
const DECOMPRESS_OUTPUT_BYTES = 32 * 1024;

/**
 * Streams a SQLite file into a new c1z file at `target` (which must not exist): magic, then one zstd
 * stream. The target is fsynced before this resolves. Memory stays at one input buffer, zstd's window
 * and a few output chunks.
 */
export async function compressDatabase(databasePath: string, target: string): Promise<void> {
  const handle = await open(target, "wx");
  try {
    await handle.write(C1Z_MAGIC);
    const compressor = createZstdCompress({ params: COMPRESS_PARAMS, chunkSize: COMPRESS_OUTPUT_BYTES });
    await feedAndDrain(feedFile(databasePath, 0, COMPRESS_INPUT_BYTES, compressor), async () => {
      for await (const chunk of compressor as AsyncIterable<Buffer>) await handle.write(chunk);
    });
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Streams the zstd payload of the c1z at `source` into a new SQLite file at `target`, enforcing the
 * decoder limits, and fsyncs it. Every failure is a C1zFormatError naming `source`.
 */
export async function decompressC1z(
  source: string,
  target: string,
  limits: DecoderLimits,
  options: { mode?: number } = {},
): Promise<void> {
  const head = new Uint8Array(C1Z_MAGIC.length);
  const input = await open(source, "r");
  try {
    const { bytesRead } = await input.read(head, 0, head.length, 0);
    assertMagic(source, head.subarray(0, bytesRead));
  } finally {
    await input.close();
  }
  const output = await open(target, "wx", options.mode);
  let written = 0;
  try {
    const decompressor = createZstdDecompress({
      params: { [zlibConstants.ZSTD_d_windowLogMax]: windowLogFor(limits.maxWindowBytes) },
      chunkSize: DECOMPRESS_OUTPUT_BYTES,
    });
    await feedAndDrain(feedFile(source, C1Z_MAGIC.length, DECOMPRESS_INPUT_BYTES, decompressor), async () => {
      for await (const chunk of decompressor as AsyncIterable<Buffer>) {
        if (written === 0 && !startsWithSqliteMagic(chunk)) {
          throw new C1zFormatError(
            source,
            "the c1z payload is not a SQLite database (a c1z v1 file holds one zstd-compressed SQLite file)",
          );
        }
        written += chunk.length;
        // Zip-bomb guard: stop as soon as the limit is passed, before writing more.
        if (written > limits.maxDecodedBytes) {
          const mib = Math.round(limits.maxDecodedBytes / 1024 / 1024);
          throw new C1zFormatError(
            source,
            `the decompressed database is larger than ${mib} MiB; if the file is trusted, raise BATON_DECODER_MAX_DECODED_SIZE_MB`,
          );
        }
        await output.write(chunk);
      }
    });
    if (written === 0) {
      throw new C1zFormatError(
        source,
        "the zstd stream is empty: the file holds a c1z header and no database",
      );
    }
    await output.sync();
  } catch (error) {
    throw asFormatError(source, error);
  } finally {
    await output.close();
  }
}

/**
 * Writes the file at `path` from `start` into `sink` through TWO reusable buffers of `chunkBytes`, then
 * ends it: the next chunk is read while zlib works on the previous one, and a buffer is only refilled
 * after zlib has consumed it (zlib calls back once its input is used up). Why not createReadStream: it
 * allocates a fresh buffer per chunk, and V8 collects such external memory late; reading a 350 MiB
 * database that way held ~50-70 MiB of dead buffers at times (measured in RSS).
 */
async function feedFile(path: string, start: number, chunkBytes: number, sink: Writable): Promise<void> {
  const input = await open(path, "r");
  let consuming: Promise<void> | undefined;
  try {
    let buffer = Buffer.allocUnsafeSlow(chunkBytes);
    let other = Buffer.allocUnsafeSlow(chunkBytes);
    let position = start;
    for (; ; [buffer, other] = [other, buffer]) {
      const { bytesRead } = await input.read(buffer, 0, buffer.length, position);
      await consuming; // the other buffer is now free again
      if (bytesRead === 0) break;
      position += bytesRead;
      consuming = writeAndWait(sink, buffer.subarray(0, bytesRead));
      // Observed by the await above; this only keeps a failure during the next read from being
      // reported as an unhandled rejection.
      consuming.catch(() => {});
    }
    sink.end();
  } catch (error) {
    // Fail the reading side too (unless it already failed and so caused this).
    sink.destroy(error as Error);
    throw error;
  } finally {
    await input.close();
  }
}

/**
 * Runs the feeding and the draining side of a stream together. When one fails the other fails too (the
 * stream is destroyed); the draining side's error is the one reported, since it says what was wrong
 * (a limit, not a SQLite file), where the feeding side only sees the stream close.
 */
async function feedAndDrain(feeding: Promise<void>, drain: () => Promise<void>): Promise<void> {
  const [fed, drained] = await Promise.allSettled([feeding, drain()]);
  if (drained.status === "rejected") throw drained.reason;
  if (fed.status === "rejected") throw fed.reason;
}

/** Writes one chunk and resolves once the stream consumed it; rejects if the stream fails or closes first. */
function writeAndWait(stream: Writable, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(stream.errored ?? new Error("the stream closed before it took all input"));
    stream.once("close", onClose);
    stream.write(chunk, (error) => {
      stream.off("close", onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}

function startsWithSqliteMagic(chunk: Buffer): boolean {
  // The first decoded chunk is far larger than 16 bytes in practice; a shorter database is not SQLite.
  return chunk.length >= SQLITE_MAGIC.length && chunk.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC);
}

function asFormatError(source: string, error: unknown): Error {
  if (error instanceof C1zFormatError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "Z_BUF_ERROR") {
    return new C1zFormatError(
      source,
      "truncated: the zstd stream ends early (was the file cut off while copying?)",
      {
        cause: error,
      },
    );
  }
  if (code === "ZSTD_error_frameParameter_windowTooLarge") {
    return new C1zFormatError(
      source,
      "the zstd window is larger than BATON_DECODER_MAX_MEMORY_MB allows (default 32 MiB); raise it if you trust the file",
      { cause: error },
    );
  }
  if (typeof code === "string" && code.startsWith("ZSTD_error")) {
    return new C1zFormatError(source, `corrupt zstd stream (${message})`, { cause: error });
  }
  return error instanceof Error ? error : new Error(message);
}
