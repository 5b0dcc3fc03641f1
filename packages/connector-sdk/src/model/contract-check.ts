import { ContractError } from "../errors.js";

/** Baton's validate rules cap ids and names at this many UTF-8 bytes. */
export const MAX_ID_BYTES = 1024;

/** Throws a ContractError: a builder received input that only a connector bug produces. */
export const contractFailure = (message: string): never => {
  throw new ContractError(message);
};

/** Whether requireText would accept `value` (a non-empty string within the id limit); never throws. */
export const fitsIdLimit = (value: unknown): boolean =>
  typeof value === "string" &&
  value.length > 0 &&
  (value.length * 3 <= MAX_ID_BYTES || Buffer.byteLength(value, "utf8") <= MAX_ID_BYTES);

/**
 * A required, non-empty string of at most `maxBytes` UTF-8 bytes. `field` names the argument the
 * connector author passed, so the message points at their code.
 */
export const requireText = (field: string, value: unknown, maxBytes = MAX_ID_BYTES): string => {
  if (typeof value !== "string") {
    return contractFailure(`${field} must be a string, got ${value === null ? "null" : typeof value}`);
  }
  if (value.length === 0) return contractFailure(`${field} is empty`);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no byte count.
  if (value.length * 3 <= maxBytes) return value;
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > maxBytes) {
    return contractFailure(`${field} is ${bytes} bytes long; Baton allows at most ${maxBytes}`);
  }
  return value;
};

/** The UTF-8 prefix of `value` that fits `maxBytes` without splitting a character. */
export const truncateUtf8 = (value: string, maxBytes: number): string => {
  if (value.length * 3 <= maxBytes || Buffer.byteLength(value, "utf8") <= maxBytes) return value;
  let result = "";
  let used = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char, "utf8");
    if (used + size > maxBytes) break;
    result += char;
    used += size;
  }
  return result;
};

/** A valid Date, for timestamps; an Invalid Date would otherwise encode as a garbage Timestamp. */
export const requireDate = (field: string, value: unknown): Date => {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    return contractFailure(`${field} must be a valid Date`);
  }
  return value;
};
