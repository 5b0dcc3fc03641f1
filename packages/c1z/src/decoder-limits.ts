const MIB = 1024 * 1024;

/** Limits applied while decompressing a c1z, so a zip bomb stops with a clear error. */
export interface DecoderLimits {
  /** Largest zstd window accepted, bytes (Baton OLD: 32 MiB). */
  maxWindowBytes: number;
  /** Largest decompressed database accepted, bytes (Baton OLD: 2 GiB). */
  maxDecodedBytes: number;
}

// OLD's defaults; a c1z that OLD cannot read should not be produced or accepted silently by us either.
const DEFAULT_MAX_MEMORY_MB = 32;
const DEFAULT_MAX_DECODED_SIZE_MB = 2048;

/** Reads BATON_DECODER_MAX_MEMORY_MB and BATON_DECODER_MAX_DECODED_SIZE_MB (MiB), as Baton does. */
export function decoderLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DecoderLimits {
  return {
    maxWindowBytes: readMib(env, "BATON_DECODER_MAX_MEMORY_MB", DEFAULT_MAX_MEMORY_MB),
    maxDecodedBytes: readMib(env, "BATON_DECODER_MAX_DECODED_SIZE_MB", DEFAULT_MAX_DECODED_SIZE_MB),
  };
}

function readMib(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback * MIB;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive whole number of MiB, got "${raw}"`);
  }
  return value * MIB;
}

/** zstd's windowLogMax for a memory budget: the largest power of two not above it (min 10, max 31). */
export function windowLogFor(maxWindowBytes: number): number {
  return Math.min(31, Math.max(10, Math.floor(Math.log2(maxWindowBytes))));
}
