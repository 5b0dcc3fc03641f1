/**
 * A problem the person running `baton` can fix (a bad flag value, an unknown id, a missing file): printed
 * as one line, exit code 1, never a stack trace.
 */
export class BatonCliError extends Error {
  override readonly name = "BatonCliError";
}
