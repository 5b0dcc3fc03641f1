import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename } from "node:path";
import { C1zUsageError } from "./errors.js";

/** Who holds a c1z's write lock: written into `<path>.lock` by the holder. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** The holder's program (its script's file name), for the message a second process prints. */
  readonly program: string;
  /** ISO time the lock was taken. */
  readonly since: string;
  /** Random per lock: tells this lock apart from an earlier one of the same pid (a restarted container). */
  readonly nonce: string;
}

/** A writable open of a c1z that another process (or another open in this one) is writing. */
export class C1zLockedError extends C1zUsageError {
  override readonly name = "C1zLockedError";
  readonly holder: LockHolder;
  readonly lockPath: string;

  constructor(path: string, lockPath: string, holder: LockHolder, sameHost: boolean) {
    const who = `process ${holder.pid} (${holder.program}) on host ${holder.host}, since ${holder.since}`;
    const way = sameHost
      ? "wait for it to finish, or write to another file"
      : `wait for it to finish, or write to another file; this host cannot tell whether that process still runs, so if it is gone (its host was shut down), delete ${lockPath}`;
    super(`${path} is being written by ${who}: two syncs into one file would undo each other's work; ${way}`);
    this.holder = holder;
    this.lockPath = lockPath;
  }
}

/** Locks taken by this process that are still held: released on exit, told apart from stale ones. */
const held = new Map<string, string>();
let exitHookInstalled = false;

const releaseAllOnExit = (): void => {
  for (const [lockPath, nonce] of held) releaseIfOurs(lockPath, nonce);
  held.clear();
};

const releaseIfOurs = (lockPath: string, nonce: string): void => {
  try {
    if (parseHolder(readFileSync(lockPath, "utf8"))?.nonce === nonce) unlinkSync(lockPath);
  } catch {
    // Already gone, or unreadable: nothing of ours to remove.
  }
};

const parseHolder = (text: string): LockHolder | undefined => {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof value.pid === "number" &&
      typeof value.host === "string" &&
      typeof value.nonce === "string" &&
      typeof value.since === "string"
    ) {
      return { program: "unknown program", ...value } as LockHolder;
    }
  } catch {
    // not a lock of ours
  }
  return undefined;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as { code?: string }).code === "EPERM";
  }
};

/**
 * Whether a lock file's holder is gone: a process of this host that no longer runs, a lock of this
 * process's pid that this process did not take (a restarted container reuses pid 1), or content that
 * no holder of ours writes. A holder on another host is never judged stale: it cannot be checked.
 */
const isStale = (holder: LockHolder | undefined, lockPath: string): boolean => {
  if (holder === undefined) return true;
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return held.get(lockPath) !== holder.nonce;
  return !isAlive(holder.pid);
};

const readText = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
};

/**
 * Moves a stale lock aside, making sure it is the one judged stale: if another process replaced it in
 * between (it recovered the same stale lock first and took a fresh one), that lock is put back.
 */
const removeStale = async (lockPath: string, staleText: string): Promise<void> => {
  const aside = `${lockPath}.stale-${randomBytes(6).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return;
    throw error;
  }
  if ((await readText(aside)) !== staleText) {
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
};

/**
 * The write lock of one c1z path: `<path>.lock`, created atomically (written to a temporary file, then
 * hard-linked into place, so it is never seen half-written) and holding the holder's pid, host and a
 * nonce. A second writer is refused at once with a message naming the holder. A lock whose process
 * died (kill -9, a crash) is recovered by the next open on the same host; the exit of this process
 * releases what it still holds. Hand-written: Node has no advisory file locks, and a lock file with
 * the holder's identity is what lets the refusal say who holds it.
 */
export class FileLock {
  private released = false;

  readonly path: string;
  readonly lockPath: string;
  private readonly nonce: string;

  private constructor(path: string, lockPath: string, nonce: string) {
    this.path = path;
    this.lockPath = lockPath;
    this.nonce = nonce;
  }

  static async acquire(path: string): Promise<FileLock> {
    const lockPath = `${path}.lock`;
    const nonce = randomBytes(12).toString("hex");
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      program: basename(process.argv[1] ?? process.argv0),
      since: new Date().toISOString(),
      nonce,
    };
    const staging = `${lockPath}.new-${nonce}`;
    await writeFile(staging, `${JSON.stringify(holder)}\n`, { flag: "wx" });
    try {
      // A few rounds: each either takes the lock, meets a live holder, or removes a stale one.
      for (let round = 0; round < 5; round += 1) {
        try {
          await link(staging, lockPath);
          held.set(lockPath, nonce);
          if (!exitHookInstalled) {
            exitHookInstalled = true;
            process.once("exit", releaseAllOnExit);
          }
          return new FileLock(path, lockPath, nonce);
        } catch (error) {
          if ((error as { code?: string }).code !== "EEXIST") throw error;
        }
        const text = await readText(lockPath);
        if (text === undefined) continue; // released meanwhile
        const current = parseHolder(text);
        if (!isStale(current, lockPath)) {
          throw new C1zLockedError(path, lockPath, current as LockHolder, current?.host === hostname());
        }
        await removeStale(lockPath, text);
      }
      throw new C1zUsageError(
        `${path}: could not take its write lock ${lockPath} (other processes keep taking it); try again`,
      );
    } finally {
      await unlink(staging).catch(() => undefined);
    }
  }

  /** Whether the lock file is still this lock (a save checks before it replaces the file). */
  async stillHeld(): Promise<boolean> {
    if (this.released) return false;
    const text = await readText(this.lockPath);
    return text !== undefined && parseHolder(text)?.nonce === this.nonce;
  }

  /** Removes the lock file if it is still ours. Synchronous, so every exit path can call it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.lockPath);
    releaseIfOurs(this.lockPath, this.nonce);
  }
}
