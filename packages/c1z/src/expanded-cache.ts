import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, realpath, rename, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { decompressC1z } from "./codec.js";
import type { DecoderLimits } from "./decoder-limits.js";
import { C1zFormatError, C1zUsageError } from "./errors.js";
import { buildReaderExtras } from "./reader-extras.js";
import { ensureSchema, schemaProblems } from "./schema.js";
import { fingerprintFile } from "./work-db.js";

/**
 * A cache of expanded c1z files for read-only opens. Expanding is the cost of every read of a c1z
 * (zstd at ~90-120 MB/s here: 3-4 s for a 1,000,000-grant file) while the queries that follow take
 * milliseconds, so tools that read the same file again and again (the `baton` program) keep the expanded
 * database of the last few files, keyed by the file's path, size, mtime and a hash of its first and last
 * 64 KiB. A changed file gets a new entry; old entries are removed past `keep`.
 *
 * The cache holds the tenant's data uncompressed, so it lives in a directory only its owner can open
 * (0700, files 0600). Entries are built under a temporary name and renamed into place, so concurrent
 * readers never see a partial one; every index of Baton's schema exists in an entry, so a read-only
 * connection never needs to build one, and so do the reader-only tables of reader-extras.ts.
 */
export interface ExpandedCacheOptions {
  /** The cache directory; entries go into its `c1z-v1/` subdirectory. */
  dir: string;
  /** Entries kept (the most recently used ones), default 3. */
  keep?: number;
}

const DEFAULT_KEEP = 3;
// A temporary entry older than this was left by a killed process (an expansion takes seconds).
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** The path of an up-to-date expanded copy of `source` in the cache, building it when needed. */
export async function cachedExpansion(
  source: string,
  options: ExpandedCacheOptions,
  limits: DecoderLimits,
): Promise<string> {
  const fingerprint = await fingerprintFile(source);
  if (!fingerprint.exists)
    throw new C1zUsageError(`${source}: no such c1z file (read-only opens need an existing file)`);
  const directory = join(options.dir, "c1z-v1");
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const key = createHash("sha256")
    .update(
      JSON.stringify([
        await realpath(source),
        fingerprint.size,
        fingerprint.mtimeMs,
        fingerprint.edgesSha256,
      ]),
    )
    .digest("hex")
    .slice(0, 40);
  const entry = join(directory, `${key}.db`);
  if (await isUsable(entry)) {
    const now = new Date();
    await utimes(entry, now, now); // most recently used: last to be evicted
    return entry;
  }
  const temporary = `${entry}.tmp-${randomBytes(6).toString("hex")}`;
  try {
    await decompressC1z(source, temporary, limits, { mode: 0o600 });
    prepareEntry(source, temporary);
    await rename(temporary, entry);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await evict(directory, entry, options.keep ?? DEFAULT_KEEP);
  return entry;
}

/** Checks the schema and builds every missing table and index, once, while the entry is still private. */
function prepareEntry(source: string, databasePath: string): void {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(databasePath);
  } catch (error) {
    throw new C1zFormatError(source, `the database inside cannot be opened (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    db.exec("pragma journal_mode = delete");
    const problems = schemaProblems(db);
    if (problems.length > 0)
      throw new C1zFormatError(source, `not a c1z v1 database: ${problems.join("; ")}`);
    ensureSchema(db);
    buildReaderExtras(db);
  } catch (error) {
    if (error instanceof C1zFormatError) throw error;
    throw new C1zFormatError(source, `the database inside cannot be used (${(error as Error).message})`, {
      cause: error,
    });
  } finally {
    db.close();
  }
}

async function isUsable(entry: string): Promise<boolean> {
  try {
    return (await stat(entry)).isFile();
  } catch {
    return false;
  }
}

/** Keeps the `keep` most recently used entries (always `current`), and removes abandoned temporaries. */
async function evict(directory: string, current: string, keep: number): Promise<void> {
  const names = await readdir(directory);
  const now = Date.now();
  const entries: { path: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const path = join(directory, name);
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    if (name.includes(".tmp-")) {
      if (now - info.mtimeMs > ABANDONED_AFTER_MS) await rm(path, { force: true });
    } else if (name.endsWith(".db") && path !== current) {
      entries.push({ path, mtimeMs: info.mtimeMs });
    }
  }
  entries.sort((a, b) => b.mtimeMs - a.mtimeMs);
  // Removing an entry another process has open is safe on POSIX: its open descriptor keeps the data.
  for (const stale of entries.slice(Math.max(0, keep - 1))) await rm(stale.path, { force: true });
}
