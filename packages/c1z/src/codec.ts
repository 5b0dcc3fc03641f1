import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
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

/**
 * Streams a SQLite file into a new c1z file at `target` (which must not exist): magic, then one zstd
 * stream. The target is fsynced before this resolves. Memory stays at the stream buffers.
 */
export async function compressDatabase(databasePath: string, target: string): Promise<void> {
  const handle = await open(target, "wx");
  try {
    await handle.write(C1Z_MAGIC);
    await pipeline(
      createReadStream(databasePath, { highWaterMark: 1024 * 1024 }),
      createZstdCompress({ params: COMPRESS_PARAMS }),
      async (compressed: AsyncIterable<Buffer>) => {
        for await (const chunk of compressed) await handle.write(chunk);
      },
    );
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Streams the zstd payload of the c1z at `source` into a new SQLite file at `target`, enforcing the
 * decoder limits, and fsyncs it. Every failure is a C1zFormatError naming `source`.
 */
export async function decompressC1z(source: string, target: string, limits: DecoderLimits): Promise<void> {
  const head = new Uint8Array(C1Z_MAGIC.length);
  const input = await open(source, "r");
  try {
    const { bytesRead } = await input.read(head, 0, head.length, 0);
    assertMagic(source, head.subarray(0, bytesRead));
  } finally {
    await input.close();
  }
  const output = await open(target, "wx");
  let written = 0;
  try {
    await pipeline(
      createReadStream(source, { start: C1Z_MAGIC.length, highWaterMark: 1024 * 1024 }),
      createZstdDecompress({
        params: { [zlibConstants.ZSTD_d_windowLogMax]: windowLogFor(limits.maxWindowBytes) },
      }),
      new DecodedSizeLimit(source, limits.maxDecodedBytes),
      async (decoded: AsyncIterable<Buffer>) => {
        for await (const chunk of decoded) {
          if (written === 0 && !startsWithSqliteMagic(chunk)) {
            throw new C1zFormatError(
              source,
              "the c1z payload is not a SQLite database (a c1z v1 file holds one zstd-compressed SQLite file)",
            );
          }
          await output.write(chunk);
          written += chunk.length;
        }
      },
    );
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

/** Passes bytes through and fails once more than `max` have gone by (zip-bomb guard). */
class DecodedSizeLimit extends Transform {
  #seen = 0;

  constructor(
    private readonly source: string,
    private readonly max: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.max) {
      const mib = Math.round(this.max / 1024 / 1024);
      callback(
        new C1zFormatError(
          this.source,
          `the decompressed database is larger than ${mib} MiB; if the file is trusted, raise BATON_DECODER_MAX_DECODED_SIZE_MB`,
        ),
      );
      return;
    }
    callback(null, chunk);
  }
}
