import { access, constants, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { C1zUsageError } from "./errors.js";

/** Why a path cannot be opened as a c1z, found before anything is created next to it. */
export type C1zPathProblem =
  | "is-a-directory"
  | "missing-directory"
  | "parent-not-a-directory"
  | "directory-not-writable"
  | "not-reachable"
  | "read-only-file";

/**
 * A c1z path that cannot be used as asked: a directory, a directory that does not exist or cannot be
 * written, or a read-only file. The message names the absolute path and says what to do; `problem` is for
 * callers that word it their own way (a program names its flag).
 */
export class C1zPathError extends C1zUsageError {
  override readonly name = "C1zPathError";
  /** The absolute path. */
  readonly path: string;
  readonly problem: C1zPathProblem;

  constructor(path: string, problem: C1zPathProblem, message: string) {
    super(message);
    this.path = path;
    this.problem = problem;
  }
}

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code;

/** The file's stat, undefined when nothing is there; `absolute` is the c1z path the error names. */
const statOrUndefined = async (path: string, absolute: string) => {
  try {
    return await stat(path);
  } catch (error) {
    if (codeOf(error) === "ENOENT" || codeOf(error) === "ENOTDIR") return undefined;
    if (codeOf(error) === "EACCES") {
      // A directory on the way that this user may not enter (no x bit): stat says only "permission denied".
      throw new C1zPathError(
        absolute,
        "not-reachable",
        `cannot reach ${absolute}: a directory on its path is not searchable by this user (EACCES); check the permissions of ${dirname(absolute)} and its parents`,
      );
    }
    throw error;
  }
};

/**
 * Checks a c1z path before it is opened. Why up front: a writable open first creates `<path>.lock` and
 * `<path>.work.db` next to the file, and the system's own errors for that (`ENOENT … .lock.new-…`,
 * `EISDIR`, SQLite's "unable to open database file") name neither the path given nor the fix.
 *
 * A file without any write bit (`chmod 444`) is refused for writing rather than replaced: saving swaps in
 * a new file, which would silently undo the owner's choice (and root may write anything). A writable
 * file keeps its mode when it is replaced (see C1zDatabase.save).
 */
export const checkC1zPath = async (path: string, options: { readonly writable: boolean }): Promise<void> => {
  const absolute = resolve(path);
  const existing = await statOrUndefined(absolute, absolute);
  if (existing?.isDirectory()) {
    throw new C1zPathError(
      absolute,
      "is-a-directory",
      `${absolute} is a directory, not a c1z file: name a file, e.g. ${join(absolute, "sync.c1z")}`,
    );
  }
  if (!options.writable) return;
  if (existing !== undefined && (existing.mode & 0o222) === 0) {
    const mode = (existing.mode & 0o777).toString(8).padStart(4, "0");
    throw new C1zPathError(
      absolute,
      "read-only-file",
      `${absolute} is read-only (mode ${mode}), so it is not replaced: make it writable (chmod u+w ${absolute}) or write another file`,
    );
  }
  const directory = dirname(absolute);
  const parent = await statOrUndefined(directory, absolute);
  if (parent === undefined) {
    throw new C1zPathError(
      absolute,
      "missing-directory",
      `cannot write ${absolute}: the directory ${directory} does not exist; create it first (mkdir -p ${directory})`,
    );
  }
  if (!parent.isDirectory()) {
    throw new C1zPathError(
      absolute,
      "parent-not-a-directory",
      `cannot write ${absolute}: ${directory} is not a directory`,
    );
  }
  try {
    // The lock, the work database and the replacing rename are all made in the directory.
    await access(directory, constants.W_OK);
  } catch (error) {
    const code = codeOf(error) ?? "EACCES";
    const why = code === "EROFS" ? "is on a read-only file system" : `is not writable by this user (${code})`;
    throw new C1zPathError(
      absolute,
      "directory-not-writable",
      `cannot write ${absolute}: the directory ${directory} ${why}`,
    );
  }
};
