import { readFile } from "node:fs/promises";
import { zstdDecompressSync } from "node:zlib";
import { C1zFile } from "@baton-ts/c1z";

/** Opens a finished c1z read-only, reads it with `read`, and closes it again. */
export const readC1z = async <T>(file: string, read: (c1z: C1zFile) => T): Promise<T> => {
  const c1z = await C1zFile.open(file, { readOnly: true });
  try {
    return read(c1z);
  } finally {
    c1z.close();
  }
};

/**
 * The whole database inside a c1z, decompressed, as text: for asserting that no secret reached the file.
 * Decompressed independently of @baton-ts/c1z (the magic, then one zstd stream), so that a bug there
 * cannot hide a leak.
 */
export const c1zDatabaseText = async (file: string): Promise<string> => {
  const bytes = await readFile(file);
  const magic = bytes.subarray(0, 5).toString("latin1");
  if (magic !== "C1ZF\0")
    throw new Error(`${file} does not start with the c1z magic (got ${JSON.stringify(magic)})`);
  return zstdDecompressSync(bytes.subarray(5)).toString("latin1");
};
