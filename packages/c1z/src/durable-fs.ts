import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/** Makes a rename or unlink in `directory` survive a power cut (POSIX needs the directory fsynced). */
export async function fsyncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, "r");
    await handle.sync();
  } catch (error) {
    // Some platforms and file systems refuse to open or fsync a directory; the rename is still atomic.
    const code = (error as { code?: string }).code;
    if (code !== "EISDIR" && code !== "EINVAL" && code !== "EPERM" && code !== "EBADF") throw error;
  } finally {
    await handle?.close();
  }
}

/** Writes a small file so that readers see either the old content or the new, never a mix. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.tmp-${randomBytes(6).toString("hex")}`;
  const handle = await open(temporary, "wx");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(dirname(path));
}

/** A random suffix for temporary siblings of a target path. */
export function temporarySibling(path: string): string {
  return `${path}.tmp-${randomBytes(8).toString("hex")}`;
}
