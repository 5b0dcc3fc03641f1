/**
 * Raised when a file is not a readable c1z v1 file (bad magic, broken zstd stream, not SQLite inside,
 * unexpected schema, decoder limits exceeded). The message always names the file and says what to do.
 */
export class C1zFormatError extends Error {
  override readonly name = "C1zFormatError";
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.path = path;
  }
}

/** Raised for calls that the current state of a C1zFile does not allow (closed, read-only, unknown sync). */
export class C1zUsageError extends Error {
  override readonly name: string = "C1zUsageError";
}
