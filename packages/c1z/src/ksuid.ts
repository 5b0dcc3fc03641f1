import { randomBytes } from "node:crypto";

// KSUIDs (segmentio/ksuid) are small enough to hand-write: 4 bytes of big-endian seconds since the KSUID
// epoch followed by 16 random bytes, rendered as 27 base62 characters. A dependency would add nothing.
const KSUID_EPOCH_SECONDS = 1_400_000_000;
const KSUID_STRING_LENGTH = 27;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A new KSUID (27-character base62), the id Baton uses for sync runs. */
export function newKsuid(now: Date = new Date()): string {
  const bytes = new Uint8Array(20);
  const seconds = Math.floor(now.getTime() / 1000) - KSUID_EPOCH_SECONDS;
  new DataView(bytes.buffer).setUint32(0, seconds >>> 0, false);
  bytes.set(randomBytes(16), 4);
  return encodeBase62(bytes);
}

/** The creation time encoded in a KSUID (second precision), or undefined when the text is not a KSUID. */
export function ksuidTime(ksuid: string): Date | undefined {
  if (ksuid.length !== KSUID_STRING_LENGTH) return undefined;
  let value = 0n;
  for (const char of ksuid) {
    const digit = BASE62.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 62n + BigInt(digit);
  }
  const seconds = Number(value >> 128n);
  if (seconds > 0xffffffff) return undefined;
  return new Date((seconds + KSUID_EPOCH_SECONDS) * 1000);
}

function encodeBase62(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let text = "";
  while (value > 0n) {
    text = BASE62[Number(value % 62n)] + text;
    value /= 62n;
  }
  return text.padStart(KSUID_STRING_LENGTH, "0");
}
