import { open } from "node:fs/promises";
import { C1zFormatError } from "./errors.js";

/** The 5 bytes every c1z v1 file starts with: ASCII "C1ZF" and a NUL. */
export const C1Z_MAGIC = Uint8Array.of(0x43, 0x31, 0x5a, 0x46, 0x00);
const ZSTD_FRAME_MAGIC = 0xfd2fb528; // little-endian 28 b5 2f fd

/** What the first bytes of a c1z say: the format and the parameters of its first zstd frame. */
export interface C1zHeader {
  format: "c1z-v1";
  zstdFrame: {
    /** Window the decoder must hold, bytes. */
    windowSize: number;
    /** Whether the frame ends with a content checksum. */
    checksum: boolean;
    /** Whether the frame is single-segment (window = content size). */
    singleSegment: boolean;
    /** Declared decompressed size, when the frame header carries one. */
    contentSize?: bigint;
  };
}

/** Reads and checks the magic and the zstd frame header of a c1z file without decompressing it. */
export async function readC1zHeader(path: string): Promise<C1zHeader> {
  const handle = await open(path, "r");
  try {
    const head = new Uint8Array(32);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return parseC1zHeader(path, head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Checks the magic bytes at the start of a file; throws a C1zFormatError naming the file otherwise. */
export function assertMagic(path: string, head: Uint8Array): void {
  if (head.length === 0) throw new C1zFormatError(path, "the file is empty, so it has no c1z header");
  const matches = head.length >= C1Z_MAGIC.length && C1Z_MAGIC.every((byte, index) => head[index] === byte);
  if (matches) return;
  const ascii = Buffer.from(head.subarray(0, 4)).toString("latin1");
  if (ascii.startsWith("C1Z")) {
    throw new C1zFormatError(
      path,
      `unsupported c1z format "${ascii}": only v1 files (magic "C1ZF\\0", SQLite inside) can be read; ` +
        "re-export the sync with a SQLite storage engine",
    );
  }
  throw new C1zFormatError(
    path,
    `not a c1z file: it must start with "C1ZF\\0" but starts with ${hex(head.subarray(0, 5))}`,
  );
}

function parseC1zHeader(path: string, head: Uint8Array): C1zHeader {
  assertMagic(path, head);
  const frame = head.subarray(C1Z_MAGIC.length);
  if (frame.length < 6)
    throw new C1zFormatError(path, "truncated: the zstd frame header after the magic is missing");
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint32(0, true) !== ZSTD_FRAME_MAGIC) {
    throw new C1zFormatError(
      path,
      `not a zstd stream after the c1z magic (found ${hex(frame.subarray(0, 4))})`,
    );
  }
  // Frame header layout: RFC 8878 §3.1.1.1.
  const descriptor = frame[4] ?? 0;
  const contentSizeFlag = descriptor >> 6;
  const singleSegment = (descriptor & 0x20) !== 0;
  const checksum = (descriptor & 0x04) !== 0;
  const dictionaryIdFlag = descriptor & 0x03;
  let offset = 5;
  let windowSize = 0;
  if (!singleSegment) {
    const windowDescriptor = frame[offset] ?? 0;
    offset += 1;
    const exponent = windowDescriptor >> 3;
    const mantissa = windowDescriptor & 0x07;
    const base = 2 ** (10 + exponent);
    windowSize = base + (base / 8) * mantissa;
  }
  offset += [0, 1, 2, 4][dictionaryIdFlag] ?? 0;
  const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][contentSizeFlag] ?? 0;
  let contentSize: bigint | undefined;
  if (contentSizeBytes > 0) {
    if (frame.length < offset + contentSizeBytes)
      throw new C1zFormatError(path, "truncated zstd frame header");
    let value = 0n;
    for (let index = contentSizeBytes - 1; index >= 0; index--)
      value = (value << 8n) | BigInt(frame[offset + index] ?? 0);
    contentSize = contentSizeBytes === 2 ? value + 256n : value;
  }
  if (singleSegment) windowSize = Number(contentSize ?? 0n);
  return {
    format: "c1z-v1",
    zstdFrame: { windowSize, checksum, singleSegment, ...(contentSize === undefined ? {} : { contentSize }) },
  };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ") || "(nothing)";
}
