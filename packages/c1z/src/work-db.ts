import { createHash } from "node:crypto";
import { open, readFile, rm, stat } from "node:fs/promises";
import { writeFileAtomic } from "./durable-fs.js";

/**
 * The persistence model of a writable C1zFile: the working SQLite database lives next to the target as
 * `<path>.work.db`, and a sidecar `<path>.work.json` records which c1z it was expanded from. A killed
 * process therefore leaves a work DB that the next open can reuse (resume), as long as the c1z it came
 * from is still the one at the target path.
 */
export interface WorkPaths {
  database: string;
  journal: string;
  wal: string;
  sharedMemory: string;
  sidecar: string;
}

export function workPathsFor(path: string): WorkPaths {
  const database = `${path}.work.db`;
  return {
    database,
    journal: `${database}-journal`,
    wal: `${database}-wal`,
    sharedMemory: `${database}-shm`,
    sidecar: `${path}.work.json`,
  };
}

/** Identifies one version of a file cheaply: size, mtime and a hash of its first and last 64 KiB. */
export interface FileFingerprint {
  exists: boolean;
  size: number;
  mtimeMs: number;
  edgesSha256: string;
}

const EDGE_BYTES = 64 * 1024;

export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  let size: number;
  let mtimeMs: number;
  try {
    const info = await stat(path);
    size = info.size;
    mtimeMs = info.mtimeMs;
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT")
      return { exists: false, size: 0, mtimeMs: 0, edgesSha256: "" };
    throw error;
  }
  const hash = createHash("sha256");
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(Math.min(EDGE_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    const tailLength = Math.min(EDGE_BYTES, size);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    hash.update(tail);
  } finally {
    await handle.close();
  }
  return { exists: true, size, mtimeMs, edgesSha256: hash.digest("hex") };
}

export function sameFile(a: FileFingerprint, b: FileFingerprint): boolean {
  if (!a.exists || !b.exists) return a.exists === b.exists;
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.edgesSha256 === b.edgesSha256;
}

/** What the sidecar holds. `saving` is set just before the atomic rename of a save. */
export interface WorkSidecar {
  version: 1;
  /** The c1z at the target path when the work DB was expanded from it. */
  source: FileFingerprint;
  /** The c1z a save is about to move into place; seeing it at the target means that save completed. */
  saving?: FileFingerprint;
}

export async function readSidecar(path: string): Promise<WorkSidecar | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<WorkSidecar>;
    return parsed.version === 1 && parsed.source ? (parsed as WorkSidecar) : undefined;
  } catch {
    return undefined; // a torn or foreign sidecar is treated as missing: the work DB is then discarded
  }
}

export async function writeSidecar(path: string, sidecar: WorkSidecar): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(sidecar)}\n`);
}

/** Removes the work DB, its SQLite side files and the sidecar. */
export async function removeWorkFiles(paths: WorkPaths): Promise<void> {
  // Sidecar first: a work DB without a sidecar is never reused, so a crash half-way is safe.
  await rm(paths.sidecar, { force: true });
  await Promise.all(
    [paths.database, paths.journal, paths.wal, paths.sharedMemory].map((file) => rm(file, { force: true })),
  );
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return false;
    throw error;
  }
}
